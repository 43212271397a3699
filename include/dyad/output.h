// Writing results: events (JSONL, table, GDELT 2.0 rows, PLOVER JSON), parses
// (CoNLL-U, JSON) and the readable explanation of a document.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/events.h"

namespace dyad {

enum class EventFormat { kJsonl, kTable, kGdelt, kPlover };
// "jsonl", "table", "gdelt", "plover"; false if unknown.
bool ParseEventFormat(std::string_view name, EventFormat& out);

// Writes the events of one document. Events come deduplicated (one line per
// (date, source, target, code) with its mention count) unless `per_mention`.
class EventWriter {
 public:
  EventWriter(std::ostream& out, EventFormat format) : out_(out), format_(format) {}
  void Begin();  // headers (table, PLOVER array)
  void Write(const Document& doc, const DedupedEvent& e);
  void End();

 private:
  std::ostream& out_;
  EventFormat format_;
  size_t written_ = 0;
  long next_global_id_ = 1;
};

// Writes statements (docs/formats.md): one JSON object per line, or a table.
struct StatementRecord;
enum class StatementFormat { kJsonl, kTable };
class StatementWriter {
 public:
  StatementWriter(std::ostream& out, StatementFormat format) : out_(out), format_(format) {}
  void Begin();
  void Write(const StatementRecord& r);

 private:
  std::ostream& out_;
  StatementFormat format_;
};

// The sentence an event came from, as text.
std::string_view SentenceText(const Document& doc, uint32_t sentence);

void WriteConllu(const Document& doc, std::ostream& out);
void WriteParseJson(const Document& doc, std::ostream& out);

// Human-readable account: metadata, dropped blocks, sentences with their
// actors and time expressions, events with trigger, pattern, cues and dates.
void WriteExplanation(const Document& doc, const std::vector<DedupedEvent>& events,
                      std::ostream& out);

}  // namespace dyad
