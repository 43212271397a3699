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

namespace dyad {

// Appends the statements of doc (sorted by position) to doc.statements. Needs
// tokens with lemmas, actor and time mentions; uses parts of speech and the
// parse when present, and links doc.events when the event stage ran first.
void ExtractStatements(Document& doc);

// Key terms of a span of doc: lemmas of content words and noun phrases
// ("bilateral security partnership", "end of mission"), lower-cased, without
// duplicates, in text order.
std::vector<std::string> KeyTerms(const Document& doc, Span span);

}  // namespace dyad
