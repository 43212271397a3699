// Helpers shared by the end-to-end tests: run the default pipeline on a text
// and render events in a compact, reviewable line format.
#pragma once

#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/pipeline.h"
#include "dyad/status.h"

namespace dyad::testing {

std::string SourceDir();
std::string SharedDir();
std::string DataDir();
std::string ReadFileOrEmpty(const std::string& path);

// Runs the default pipeline ("clean;tokenize;tagger;parser;time;actors" and the default event coder, with
// `all` keeping non-asserted events) over a document made from text. `coder`: another event stage
// ("events": the rule coder alone, which its own tests use).
Result<Document> CodeText(const std::string& text, const std::string& date = "", bool all = false,
                          bool clean = true, const std::string& coder = "");

// Runs the pipeline `spec` (built over DataDir()) over a document made from
// text, dated `date`.
Result<Document> RunPipeline(const std::string& spec, const std::string& text, const std::string& date = "");

// A document made from text with the given id, date and site, run through
// `pipeline`; a failure is a test failure (EXPECT), for store and API tests.
Document CodedWith(const Pipeline& pipeline, const std::string& id, const std::string& text,
                   const std::string& date, const std::string& site = "");

// One line per deduplicated event: "date source target cameo polarity modality
// mentions trigger", sorted as the coder emits them.
std::vector<std::string> EventLines(const Document& doc, bool asserted_only = true);

// The gzip (RFC 1952) form of s, for tests of compressed input.
std::string Gzip(const std::string& s);

// A small, well-formed news page (title, headline, two paragraphs) for the
// ingest tests that wrap it in WARC records, HTTP responses and encodings.
extern const std::string kTalksPage;

// Bounds for the "stays linear on huge inputs" tests: they catch quadratic
// blow-ups (minutes), not speed (that is bench/'s job), so they leave room
// for a loaded machine and for sanitizer builds (about 10x slower).
inline double TimeBudget(double seconds) {
#ifdef DYAD_SANITIZED
  return seconds * 30;
#else
  return seconds * 3;
#endif
}

}  // namespace dyad::testing
