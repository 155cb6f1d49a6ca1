// Source files and positions. A SourceLoc is a small value (file id + byte offset);
// the SourceManager owns the text and turns offsets into line:column on demand.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wdf {

struct SourceLoc {
  uint32_t file = 0;   // 0 = no location
  uint32_t offset = 0;
  bool valid() const { return file != 0; }
  auto operator<=>(const SourceLoc &) const = default;
};

struct LineCol {
  uint32_t line = 0;   // 1-based
  uint32_t column = 0; // 1-based, in bytes
};

class SourceManager {
public:
  // Registers a buffer and returns its file id (never 0).
  uint32_t add(std::string path, std::string text);
  const std::string &path(uint32_t file) const;
  std::string_view text(uint32_t file) const;
  LineCol lineCol(SourceLoc loc) const;
  // The inverse of lineCol; an invalid SourceLoc if the file has no such position.
  SourceLoc locate(uint32_t file, LineCol lc) const;
  // The text of the line holding `loc`, without its line terminator.
  std::string_view lineText(SourceLoc loc) const;
  // "path:line:col" (or "path:line" when withColumn is false).
  std::string describe(SourceLoc loc, bool withColumn = true) const;
  uint32_t fileCount() const { return static_cast<uint32_t>(files_.size()); }

private:
  struct File {
    std::string path;
    std::string text;
    std::vector<uint32_t> lineStarts; // offsets of line beginnings
  };
  const File &file(uint32_t id) const;
  std::vector<File> files_;
};

} // namespace wdf
