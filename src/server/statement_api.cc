// The statement endpoints' bodies (src/server/statement_api.h).
#include "server/statement_api.h"

#include <fmt/format.h>

#include <set>

#include <nlohmann/json.hpp>

#include "dyad/compare.h"

namespace dyad {

namespace {

// Each party's latest statements a comparison reads (ReadForComparison).
constexpr size_t kComparePerParty = 2000;

std::string Dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

Result<std::string> StatementsApiBody(Store& store, const std::multimap<std::string, std::string>& params,
                                      int64_t default_limit, int64_t max_limit) {
  auto q = ParseStatementQuery(params, default_limit, max_limit);
  if (!q.ok()) return q.status();
  std::string items;
  int64_t count = 0;
  Status s = store.QueryStatements(*q, [&](const StatementRecord& r) {
    items += (count++ ? "," : "") + StatementRecordJson(r);
    return true;
  });
  if (!s.ok()) return s;
  nlohmann::json next = count == q->limit && q->limit > 0 ? nlohmann::json(q->offset + q->limit) : nlohmann::json(nullptr);
  return fmt::format("{{\"limit\":{},\"offset\":{},\"count\":{},\"next_offset\":{},\"statements\":[{}]}}", q->limit,
                     q->offset, count, Dump(next), items);
}

Result<std::string> CompareApiBody(Store& store, const std::multimap<std::string, std::string>& params,
                                   int64_t default_limit, int64_t max_limit) {
  CompareOptions opt;
  std::multimap<std::string, std::string> filters;
  int64_t limit = default_limit;
  std::set<std::string> seen;
  for (const auto& [key, value] : params) {
    if (!seen.insert(key).second)
      return Status::InvalidArgument(fmt::format("parameter '{}' is given more than once", key.substr(0, 60)));
    if (key == "parties") {
      size_t comma = value.find(',');
      if (comma == std::string::npos || comma == 0 || comma + 1 == value.size())
        return Status::InvalidArgument("'parties' must be two actor codes joined by ',' (e.g. USA,IRQ)");
      filters.emplace("dyad", value.substr(0, comma) + "-" + value.substr(comma + 1));
    } else if (key == "from" || key == "to" || key == "text") {
      filters.emplace(key, value);
    } else if (key == "about") {
      if (value.empty() || value.size() > 1000) return Status::InvalidArgument("'about' must be 1 to 1000 bytes");
      for (size_t b = 0; b <= value.size();) {
        size_t e = value.find(',', b);
        if (e == std::string::npos) e = value.size();
        if (e > b) opt.about.push_back(value.substr(b, e - b));
        b = e + 1;
      }
    } else if (key == "limit") {
      if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos ||
          std::stoll(value) == 0 || (max_limit > 0 && std::stoll(value) > max_limit))
        return Status::InvalidArgument(fmt::format("'limit' must be between 1 and {}", max_limit > 0 ? max_limit : 999999999));
      limit = std::stoll(value);
    } else {
      return Status::InvalidArgument(
          fmt::format("unknown parameter '{}' (known: parties, from, to, about, text, limit)", key.substr(0, 60)));
    }
  }
  if (!filters.count("dyad")) return Status::InvalidArgument("'parties' (two actor codes, e.g. USA,IRQ) is required");
  auto q = ParseStatementQuery(filters);
  if (!q.ok()) return q.status();
  opt.party_a = q->dyad_a;
  opt.party_b = q->dyad_b;
  opt.from = q->from;
  opt.to = q->to;
  bool truncated = false;
  auto read = ReadForComparison(store, opt, kComparePerParty, &truncated);
  if (!read.ok()) return read.status();
  std::vector<StatementRecord> statements = std::move(*read);
  if (!q->text.empty()) {
    // Keep what the full-text query matches too.
    std::set<std::pair<std::string, uint32_t>> match;
    StatementQuery tq = *q;
    Status s = store.QueryStatements(tq, [&](const StatementRecord& r) {
      match.emplace(r.doc_id, r.content_span.begin);
      return true;
    });
    if (!s.ok()) return s;
    std::erase_if(statements, [&](const StatementRecord& r) { return !match.count({r.doc_id, r.content_span.begin}); });
  }
  std::vector<Issue> issues = CompareStatements(statements, opt);
  std::string out = "{\"parties\":" + Dump(nlohmann::json::array({opt.party_a, opt.party_b})) +
                    ",\"statements\":" + std::to_string(statements.size()) +
                    ",\"truncated\":" + (truncated ? "true" : "false") + ",\"issues\":[";
  for (size_t i = 0; i < issues.size() && (limit <= 0 || static_cast<int64_t>(i) < limit); ++i)
    out += (i ? "," : "") + IssueJson(issues[i], opt);
  return out + "]}";
}

}  // namespace dyad
