// The comparison of two parties' statements: where their accounts of the
// same issue diverge.
//
// CompareStatements keeps the statements whose speaker belongs to party A or
// party B (a code prefix: "USA" takes USA, USAGOV, USAMIL; or the speaker's
// country), groups them into issues and flags contrasts. An issue is a
// connected group of statements linked by a shared key: a multi-word term
// ("security partnership"), two shared single terms, or an event inside the
// content with the same type and target. Terms that most statements carry
// ("iraq" in a store about Iraq) link nothing. Each side's statements are
// listed in date order. A two-sided issue gets one contrast, the first that
// holds of: a claim and its denial; an accusation and its rejection; the same
// proposition (shared terms) asserted by one side and negated by the other;
// different framing terms (each side's own noun phrases for the issue, with
// few terms in common). Nothing is loaded; the function is pure.
#pragma once

#include <string>
#include <vector>

#include "dyad/statements.h"

namespace dyad {

struct CompareOptions {
  std::string party_a, party_b;     // actor codes or code prefixes ("USA", "IRQGOV")
  std::string from, to;             // ISO days, inclusive; undated statements never match a range
  std::vector<std::string> about;   // keep issues with a term or content containing one of these
};

enum class ContrastKind : uint8_t { kNone, kClaimDenial, kAccusationRejection, kOppositePolarity, kFraming };
std::string_view ToString(ContrastKind k);

struct Contrast {
  ContrastKind kind = ContrastKind::kNone;
  std::string reason;  // one sentence an analyst can read
  int a = -1, b = -1;  // the statements (indices into Issue::a / Issue::b) it rests on
};

struct Issue {
  std::vector<std::string> terms;     // the issue's shared keys, most shared first
  std::vector<StatementRecord> a, b;  // each side's statements, in date order
  Contrast contrast;                  // kind kNone: one-sided, or the sides agree
};

// True when a statement's speaker belongs to party ("USA" matches speaker
// code USAMIL or speaker country USA).
bool SpeakerIsParty(const StatementRecord& r, const std::string& party);

// Issues of the two parties, two-sided issues with a contrast first, then the
// other two-sided ones, then one-sided ones; larger issues first within each.
std::vector<Issue> CompareStatements(const std::vector<StatementRecord>& statements, const CompareOptions& options);

// The statements a comparison of the two parties reads from a store: each
// party's latest `max_per_party` (0 = all) in the date range, newest first.
// `truncated` says whether a party had more. Bounding the read keeps the
// answer fast on a large store; narrow the dates to go further back.
class Store;
Result<std::vector<StatementRecord>> ReadForComparison(Store& store, const CompareOptions& options,
                                                       size_t max_per_party, bool* truncated = nullptr);

// One issue as the compare JSONL object (docs/formats.md): parties, terms,
// a, b (statement objects as in the statements JSONL), contrast {kind, reason}
// or null.
std::string IssueJson(const Issue& issue, const CompareOptions& options);
// A short briefing in Markdown: per issue, each side's statements with date,
// speaker and content, and the contrast.
std::string CompareMarkdown(const std::vector<Issue>& issues, const CompareOptions& options);
// A plain-text table, one statement per line, grouped by issue.
std::string CompareTable(const std::vector<Issue>& issues, const CompareOptions& options);

}  // namespace dyad
