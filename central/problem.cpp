#include "central/problem.h"

#include <httplib.h>

namespace kiosk::central {

nlohmann::json problemDocument(int status, const std::string& slug, const std::string& title, nlohmann::json extra) {
    extra["type"] = kProblemPrefix + slug;
    extra["title"] = title;
    extra["status"] = status;
    return extra;
}

void sendProblem(httplib::Response& res, int status, const std::string& slug, const std::string& title,
                 nlohmann::json extra) {
    res.status = status;
    res.set_content(problemDocument(status, slug, title, std::move(extra)).dump(), kProblemJson);
}

}  // namespace kiosk::central
