// Fuzz target: the store's query-filter parser, fed as GET /api/events feeds
// it (a query string, percent-decoded by ParseRequestTarget, into
// ParseEventQuery), then the filter run against a small store: every query
// (events, grouped events, a dyad timeline) either answers or is refused as
// invalid input; an internal error (say, an FTS5 message not recognised as a
// bad full-text query, which the API would answer with 500) is a bug. The
// same parameters go through ParseStatementQuery and QueryStatements, as
// GET /api/statements feeds them.
#include <cstdint>
#include <string>

#include "dyad/http.h"
#include "dyad/statements.h"
#include "dyad/store.h"
#include "fuzz_store.h"

namespace {

dyad::Store& Reader() {
  static dyad::Store* store = [] {
    dyad::StoreOptions ro;
    ro.read_only = true;
    auto s = dyad::Store::Open(dyad::fuzz::FuzzStorePath(), ro);
    if (!s.ok()) __builtin_trap();
    return s->release();
  }();
  return *store;
}

void Check(const dyad::Status& s) {
  if (!s.ok() && s.code() != dyad::StatusCode::kInvalidArgument) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string target = "/api/events?" + std::string(reinterpret_cast<const char*>(data), size);
  std::string path, error;
  std::multimap<std::string, std::string> params;
  if (!dyad::ParseRequestTarget(target, &path, &params, &error)) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  if (auto sq = dyad::ParseStatementQuery(params, 20, 50); sq.ok()) {
    if (sq->limit < 0 || sq->limit > 50 || sq->offset < 0) __builtin_trap();
    Check(Reader().QueryStatements(*sq, [](const dyad::StatementRecord&) { return true; }));
  } else if (sq.status().code() != dyad::StatusCode::kInvalidArgument) {
    __builtin_trap();
  }
  auto q = dyad::ParseEventQuery(params, 20, 50);
  if (!q.ok()) {
    if (q.status().code() != dyad::StatusCode::kInvalidArgument) __builtin_trap();
    return 0;
  }
  if (q->limit < 0 || q->limit > 50 || q->offset < 0) __builtin_trap();
  dyad::Store& store = Reader();
  Check(store.QueryEvents(*q, [](const dyad::StoredEvent&) { return true; }));
  Check(store.QueryGroupedEvents(*q, false, [](const dyad::GroupedEvent&) { return true; }));
  if (!q->dyad_a.empty()) {
    auto points = store.Timeline(q->dyad_a, q->dyad_b, dyad::Interval::kMonth, *q);
    Check(points.status());
  }
  return 0;
}
