#include "Source.hpp"

#include <algorithm>

#include "Check.hpp"

namespace wdf {

uint32_t SourceManager::add(std::string path, std::string text) {
  File f{std::move(path), std::move(text), {0}};
  for (uint32_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n')
      f.lineStarts.push_back(i + 1);
  }
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size());
}

const SourceManager::File &SourceManager::file(uint32_t id) const {
  WDF_VERIFY(id >= 1 && id <= files_.size(), "unknown file id");
  return files_[id - 1];
}

const std::string &SourceManager::path(uint32_t id) const { return file(id).path; }
std::string_view SourceManager::text(uint32_t id) const { return file(id).text; }

LineCol SourceManager::lineCol(SourceLoc loc) const {
  if (!loc.valid())
    return {};
  const File &f = file(loc.file);
  auto it = std::upper_bound(f.lineStarts.begin(), f.lineStarts.end(), loc.offset);
  uint32_t line = static_cast<uint32_t>(it - f.lineStarts.begin());
  return {line, loc.offset - f.lineStarts[line - 1] + 1};
}

SourceLoc SourceManager::locate(uint32_t id, LineCol lc) const {
  const File &f = file(id);
  if (lc.line < 1 || lc.line > f.lineStarts.size() || lc.column < 1)
    return {};
  uint64_t offset = static_cast<uint64_t>(f.lineStarts[lc.line - 1]) + lc.column - 1;
  uint64_t lineEnd = lc.line < f.lineStarts.size() ? f.lineStarts[lc.line] : f.text.size() + 1;
  if (offset >= lineEnd)
    return {};
  return {id, static_cast<uint32_t>(offset)};
}

std::string_view SourceManager::lineText(SourceLoc loc) const {
  if (!loc.valid())
    return {};
  const File &f = file(loc.file);
  LineCol lc = lineCol(loc);
  uint32_t begin = f.lineStarts[lc.line - 1];
  uint32_t end = begin;
  while (end < f.text.size() && f.text[end] != '\n' && f.text[end] != '\r')
    ++end;
  return std::string_view(f.text).substr(begin, end - begin);
}

std::string SourceManager::describe(SourceLoc loc, bool withColumn) const {
  if (!loc.valid())
    return "<no location>";
  LineCol lc = lineCol(loc);
  std::string s = path(loc.file) + ":" + std::to_string(lc.line);
  if (withColumn)
    s += ":" + std::to_string(lc.column);
  return s;
}

} // namespace wdf
