// Events as the API's JSON (docs/api.md), written straight into the answer.
//
// GET /api/events is the API's hot path: building a nlohmann::json tree per
// event, dumping it and freeing it took about half of the server's CPU per
// request (docs/benchmarks.md, issue 14). These writers append the same bytes
// nlohmann's dump() gives for that tree (keys in sorted order, no spaces,
// invalid UTF-8 replaced by U+FFFD), so clients see no difference.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "dyad/store.h"

namespace dyad {

// What an event object carries besides the event itself.
struct EventJsonFields {
  bool ids = true;                         // "id", "doc_id", "url", "site" (false for a document's own events)
  const GroupedEvent* group = nullptr;     // adds "num_mentions" and "num_sources"
};

// Appends one event object.
void AppendEventJson(const StoredEvent& se, const EventJsonFields& fields, std::string* out);

// Appends a JSON string literal, escaped as nlohmann::json::dump does with
// error_handler_t::replace.
void AppendJsonString(std::string_view s, std::string* out);

// Appends a number as nlohmann::json::dump does ("2.0", "0.85", null for NaN/inf).
void AppendJsonNumber(double d, std::string* out);

// The "sentences" ([begin, end] each) and "mentions" arrays of a document
// object, as GET /api/documents/{id} and the dashboard's article view send them.
nlohmann::json SentencesJson(const Document& d);
nlohmann::json MentionsJson(const Document& d);

}  // namespace dyad
