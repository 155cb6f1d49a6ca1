// Writers for `wdfcheck explain`: text for people, JSON for tools.
#pragma once
#include <string>

#include "models/Design.hpp"
#include "models/Explain.hpp"
#include "models/ObjectModel.hpp"

namespace wdf::reports {

std::string explainText(const model::Design &d, const model::ObjectModel &m, const model::Explanation &x);
std::string explainJson(const model::Design &d, const model::ObjectModel &m, const model::Explanation &x);

} // namespace wdf::reports
