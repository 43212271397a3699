// Serving the dashboard's embedded files (gzip as stored, or inflated for
// clients that do not accept it; ETag revalidation).
#pragma once

#include <vector>

#include "dyad/dashboard.h"

namespace dyad {

DashboardReply ServeWebFile(const std::vector<WebAsset>* assets, const DashboardRequest& req);

// Inflates a gzip stream; false when it is not one.
bool Gunzip(std::string_view gz, std::string& out);

}  // namespace dyad
