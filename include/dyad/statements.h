// Statements: who said what, with the speaker resolved to an actor.
//
// ExtractStatements finds what the text reports as said: direct quotes
// (straight or curly, over several sentences and paragraphs), indirect speech
// ("X said that ...", "according to X, ..."), statements and speeches told as
// events ("in a statement, the ministry emphasised ...") and claims and
// denials ("X claimed responsibility", "X denied that ..."). Each statement
// gets its speaker (an actor mention of the actor stage: "the Pentagon" and
// "Sullivan" both resolve to USA with their sector; "he", "it" and "the
// ministry" to the nearest earlier compatible speaker), its cue and kind, the
// content span (the words said, not the sentence), a date by the event coder's
// rule (DocumentDates), polarity and modality of the content, the events coded
// inside the content and key terms for grouping. The author's own opinion,
// hypothetical, negated and future speech, agentless passives and requests
// ("urged X to") are not statements. Word order, parts of speech and, when the
// parser ran, subjects decide; nothing is learned, nothing is loaded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

// Appends the statements of doc (sorted by position) to doc.statements. Needs
// tokens with lemmas, actor and time mentions; uses parts of speech and the
// parse when present, and links doc.events when the event stage ran first.
void ExtractStatements(Document& doc);

// A statement detached from its document, as the store keeps it and the
// comparison reads it: the spans are kept, the texts copied.
struct StatementEvent {
  std::string cameo, plover, source, target;  // codes; target empty when none
  std::string trigger;
  Span trigger_span;
  Polarity polarity = Polarity::kAsserted;
  Modality modality = Modality::kActual;
};

struct StatementRecord {
  std::string doc_id;
  uint32_t sentence = 0;
  std::string speaker_text;
  Span speaker_span;
  std::string speaker_code, speaker_country, speaker_sector, person;
  std::string cue_text;  // empty for a quote continuing an earlier one
  Span cue_span;
  std::string cue_lemma;
  StatementKind kind = StatementKind::kIndirect;
  std::string content;
  Span content_span;
  std::string date, date_rule;
  Polarity polarity = Polarity::kAsserted;
  Modality modality = Modality::kActual;
  std::vector<StatementEvent> events;
  std::vector<std::string> terms;
};

std::vector<StatementRecord> StatementRecords(const Document& doc);
// The statement JSONL object (docs/formats.md), on one line, no newline.
std::string StatementRecordJson(const StatementRecord& r);
// Reads what StatementRecordJson wrote (the store keeps it); a clear error for
// anything else.
Result<StatementRecord> ParseStatementRecordJson(std::string_view json);

// Key terms of a span of doc: noun phrases as written, lower-cased
// ("stable bilateral security partnership", "end of the mission"), then lemmas
// of content words, a run of proper nouns as one term ("united states");
// without duplicates, in text order.
std::vector<std::string> KeyTerms(const Document& doc, Span span);

}  // namespace dyad
