// GET /api/statements and GET /api/compare (docs/api.md), apart from the
// HTTP transport: each takes the query parameters and a read connection and
// gives the JSON body, or an error whose code the transport maps to a status
// (InvalidArgument -> 400).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "dyad/status.h"
#include "dyad/store.h"

namespace dyad {

// {"limit", "offset", "count", "next_offset", "statements": [statement objects]}.
// Parameters: ParseStatementQuery's.
Result<std::string> StatementsApiBody(Store& store, const std::multimap<std::string, std::string>& params,
                                      int64_t default_limit, int64_t max_limit);

// {"parties": [A, B], "issues": [issue objects as the compare JSONL]}.
// Parameters: parties=A,B (required), from, to, about (comma-separated terms),
// text (FTS5 over statement contents), limit (issues; default_limit when absent).
Result<std::string> CompareApiBody(Store& store, const std::multimap<std::string, std::string>& params,
                                   int64_t default_limit, int64_t max_limit);

}  // namespace dyad
