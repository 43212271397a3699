// Two parties' statements lined up by issue, with their contrasts
// (include/dyad/compare.h).
#include "dyad/compare.h"

#include "dyad/store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <unordered_map>

namespace dyad {

using nlohmann::json;

std::string_view ToString(ContrastKind k) {
  switch (k) {
    case ContrastKind::kNone: return "none";
    case ContrastKind::kClaimDenial: return "claim-denial";
    case ContrastKind::kAccusationRejection: return "accusation-rejection";
    case ContrastKind::kOppositePolarity: return "opposite-polarity";
    case ContrastKind::kFraming: return "framing";
  }
  return "none";
}

bool SpeakerIsParty(const StatementRecord& r, const std::string& party) {
  if (party.empty()) return false;
  if (r.speaker_code.size() >= party.size() && r.speaker_code.compare(0, party.size(), party) == 0) return true;
  return r.speaker_country == party;
}

namespace {

bool IsAccusation(const StatementRecord& r) {
  static const std::set<std::string> kCues = {"accuse", "blame", "charge", "allege", "condemn", "slam",
                                              "denounce", "criticize", "criticise", "attribute"};
  return kCues.count(r.cue_lemma) > 0;
}

bool IsRejection(const StatementRecord& r) {
  static const std::set<std::string> kCues = {"reject", "dismiss", "deny", "refute", "dispute", "rebuff"};
  return r.kind == StatementKind::kDenial || kCues.count(r.cue_lemma) > 0;
}

bool Multiword(const std::string& t) { return t.find(' ') != std::string::npos; }

// A statement's grouping keys: its terms, the last two words of a longer
// phrase ("stable bilateral security partnership" -> "security partnership"),
// and the type and target of each event inside it.
std::vector<std::string> KeysOf(const StatementRecord& r) {
  std::vector<std::string> keys;
  auto add = [&](std::string k) {
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
  };
  for (const std::string& t : r.terms) {
    add(t);
    if (!Multiword(t) || t.find(" of ") != std::string::npos) continue;
    size_t last = t.rfind(' ');
    size_t prev = t.rfind(' ', last - 1);
    if (prev != std::string::npos) add(t.substr(prev + 1));
  }
  for (const StatementEvent& e : r.events)
    if (!e.target.empty())
      add(fmt::format("event:{}>{}", e.plover.empty() ? e.cameo.substr(0, 2) : e.plover, e.target.substr(0, 3)));
  return keys;
}

bool IsEventKey(const std::string& k) { return k.rfind("event:", 0) == 0; }
// A key strong enough to link two statements alone.
bool IsStrongKey(const std::string& k) { return Multiword(k) || IsEventKey(k); }

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Join(size_t a, size_t b) { parent[Find(a)] = Find(b); }
};

std::set<std::string> TermSet(const std::vector<StatementRecord>& side) {
  std::set<std::string> s;
  for (const StatementRecord& r : side)
    for (const std::string& t : r.terms) s.insert(t);
  return s;
}

// Words of a phrase that name a relation between the parties or an outcome:
// what framing is about.
size_t FrameWords(const std::string& term) {
  static const std::set<std::string, std::less<>> kFrames = {
      "partnership", "cooperation", "relationship", "relation", "alliance", "commitment", "support", "security",
      "withdrawal", "end", "mission", "presence", "occupation", "sovereignty", "aggression", "invasion", "attack",
      "terrorism", "terrorist", "war", "peace", "ceasefire", "truce", "agreement", "deal", "talk", "dialogue",
      "negotiation", "sanction", "threat", "defense", "defence", "self-defense", "liberation", "resistance",
      "stability", "escalation", "de-escalation", "intervention", "interference", "provocation", "crime",
      "genocide", "violation", "expulsion", "departure", "victory", "defeat", "failure", "success"};
  size_t n = 0;
  for (size_t b = 0; b < term.size();) {
    size_t e = term.find(' ', b);
    if (e == std::string::npos) e = term.size();
    n += kFrames.count(std::string_view(term).substr(b, e - b));
    b = e + 1;
  }
  return n;
}

size_t Words(const std::string& t) { return static_cast<size_t>(std::count(t.begin(), t.end(), ' ')) + 1; }

std::string Clip(const std::string& s, size_t n) {
  std::string flat;
  for (char c : s) flat += (c == '\n' ? ' ' : c);
  if (flat.size() <= n) return flat;
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return flat.substr(0, cut) + "...";
}

std::string Who(const StatementRecord& r) {
  std::string who = r.person.empty() ? r.speaker_text : r.person;
  if (!r.speaker_code.empty()) who += " (" + r.speaker_code + ")";
  return who;
}

// The contrast of a two-sided issue, or kNone.
Contrast FindContrast(const Issue& is, const CompareOptions& o) {
  auto shared = [](const StatementRecord& x, const StatementRecord& y) {
    size_t n = 0;
    for (const std::string& t : x.terms)
      if (std::find(y.terms.begin(), y.terms.end(), t) != y.terms.end()) n += Multiword(t) ? 2 : 1;
    return n;
  };
  const std::string& A = o.party_a;
  const std::string& B = o.party_b;
  for (int i = 0; i < static_cast<int>(is.a.size()); ++i)
    for (int j = 0; j < static_cast<int>(is.b.size()); ++j) {
      const StatementRecord& x = is.a[i];
      const StatementRecord& y = is.b[j];
      if (x.kind == StatementKind::kClaim && y.kind == StatementKind::kDenial)
        return {ContrastKind::kClaimDenial, fmt::format("{} claims \"{}\"; {} denies it: \"{}\"", A,
                                                        Clip(x.content, 80), B, Clip(y.content, 80)), i, j};
      if (y.kind == StatementKind::kClaim && x.kind == StatementKind::kDenial)
        return {ContrastKind::kClaimDenial, fmt::format("{} claims \"{}\"; {} denies it: \"{}\"", B,
                                                        Clip(y.content, 80), A, Clip(x.content, 80)), i, j};
    }
  for (int i = 0; i < static_cast<int>(is.a.size()); ++i)
    for (int j = 0; j < static_cast<int>(is.b.size()); ++j) {
      const StatementRecord& x = is.a[i];
      const StatementRecord& y = is.b[j];
      if (IsAccusation(x) && IsRejection(y))
        return {ContrastKind::kAccusationRejection,
                fmt::format("{} accuses (\"{}\"); {} rejects it (\"{}\")", A, Clip(x.content, 80), B,
                            Clip(y.content, 80)), i, j};
      if (IsAccusation(y) && IsRejection(x))
        return {ContrastKind::kAccusationRejection,
                fmt::format("{} accuses (\"{}\"); {} rejects it (\"{}\")", B, Clip(y.content, 80), A,
                            Clip(x.content, 80)), i, j};
    }
  for (int i = 0; i < static_cast<int>(is.a.size()); ++i)
    for (int j = 0; j < static_cast<int>(is.b.size()); ++j) {
      const StatementRecord& x = is.a[i];
      const StatementRecord& y = is.b[j];
      if (x.polarity == y.polarity || shared(x, y) < 2) continue;
      if (x.modality == Modality::kQuestion || y.modality == Modality::kQuestion ||
          x.modality == Modality::kHypothetical || y.modality == Modality::kHypothetical)
        continue;
      const StatementRecord& pos = x.polarity == Polarity::kAsserted ? x : y;
      const StatementRecord& neg = x.polarity == Polarity::kAsserted ? y : x;
      const std::string& P = x.polarity == Polarity::kAsserted ? A : B;
      const std::string& N = x.polarity == Polarity::kAsserted ? B : A;
      return {ContrastKind::kOppositePolarity,
              fmt::format("{} asserts \"{}\"; {} says the opposite: \"{}\"", P, Clip(pos.content, 80), N,
                          Clip(neg.content, 80)), i, j};
    }
  // Framing: each side's own phrases for the issue, with few terms shared.
  std::set<std::string> ta = TermSet(is.a), tb = TermSet(is.b);
  size_t common = 0;
  for (const std::string& t : ta) common += tb.count(t);
  size_t all = ta.size() + tb.size() - common;
  if (all == 0 || common * 3 > all) return {};
  // The two statements that speak most closely of the same thing...
  int ia = -1, ib = -1;
  size_t best = 0;
  for (int i = 0; i < static_cast<int>(is.a.size()); ++i)
    for (int j = 0; j < static_cast<int>(is.b.size()); ++j)
      if (size_t n = shared(is.a[i], is.b[j]); ia < 0 || n > best) {
        best = n;
        ia = i;
        ib = j;
      }
  // ...and the phrase of each the other side does not use, a phrase naming
  // the relation or the outcome ("partnership", "end of mission") first.
  auto own = [](const StatementRecord& r, const std::set<std::string>& other) {
    std::string pick;
    size_t pick_frames = 0;
    for (const std::string& t : r.terms) {
      if (!Multiword(t) || other.count(t)) continue;
      size_t frames = FrameWords(t);
      if (pick.empty() || frames > pick_frames || (frames == pick_frames && Words(t) > Words(pick))) {
        pick = t;
        pick_frames = frames;
      }
    }
    return pick;
  };
  std::string fa = own(is.a[ia], tb), fb = own(is.b[ib], ta);
  if (fa.empty() || fb.empty()) return {};
  return {ContrastKind::kFraming, fmt::format("{} speaks of \"{}\", {} of \"{}\"", A, fa, B, fb), ia, ib};
}

bool InRange(const StatementRecord& r, const CompareOptions& o) {
  if (o.from.empty() && o.to.empty()) return true;
  if (r.date.empty()) return false;
  if (!o.from.empty() && r.date < o.from) return false;
  if (!o.to.empty() && r.date > o.to) return false;
  return true;
}

bool IsAbout(const Issue& is, const std::vector<std::string>& about) {
  if (about.empty()) return true;
  auto has = [&](const StatementRecord& r) {
    for (const std::string& w : about) {
      std::string lw;
      for (char c : w) lw += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const std::string& t : r.terms)
        if (t.find(lw) != std::string::npos) return true;
      std::string lc;
      for (char c : r.content) lc += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lc.find(lw) != std::string::npos) return true;
    }
    return false;
  };
  return std::any_of(is.a.begin(), is.a.end(), has) || std::any_of(is.b.begin(), is.b.end(), has);
}

}  // namespace

std::vector<Issue> CompareStatements(const std::vector<StatementRecord>& statements, const CompareOptions& o) {
  // The two sides' statements; a speaker of both parties (A a prefix of B)
  // goes to the more specific one.
  std::vector<const StatementRecord*> picked;
  std::vector<bool> side_b;
  for (const StatementRecord& r : statements) {
    if (!InRange(r, o) || r.content.empty()) continue;
    bool a = SpeakerIsParty(r, o.party_a), b = SpeakerIsParty(r, o.party_b);
    if (a && b) {
      a = o.party_a.size() >= o.party_b.size();
      b = !a;
    }
    if (!a && !b) continue;
    picked.push_back(&r);
    side_b.push_back(b);
  }
  const size_t n = picked.size();
  std::vector<std::vector<std::string>> keys(n);
  std::unordered_map<std::string, std::vector<size_t>> postings;
  for (size_t i = 0; i < n; ++i) {
    keys[i] = KeysOf(*picked[i]);
    for (const std::string& k : keys[i]) postings[k].push_back(i);
  }
  // Keys that most statements carry say nothing about the issue.
  const size_t max_df = std::max<size_t>(4, n / 8);
  auto usable = [&](const std::string& k) {
    size_t df = postings[k].size();
    return df >= 2 && df <= max_df;
  };
  // A statement's issue is its most shared strong key (a phrase or an event
  // type and target), so issues do not chain into one through statements
  // that name two of them.
  std::vector<int> key_of(n, -1);
  std::unordered_map<std::string, int> key_ids;
  std::vector<std::string> key_names;
  for (size_t i = 0; i < n; ++i) {
    const std::string* best = nullptr;
    for (const std::string& k : keys[i])
      if (IsStrongKey(k) && usable(k) && (!best || postings[k].size() > postings[*best].size())) best = &k;
    if (!best) continue;
    auto [it, added] = key_ids.emplace(*best, static_cast<int>(key_names.size()));
    if (added) key_names.push_back(*best);
    key_of[i] = it->second;
  }
  // Statements without one join, by two shared single terms, the keyed
  // statement they share most with, else each other.
  UnionFind uf(n);
  std::vector<size_t> first_with(key_names.size(), n);
  for (size_t i = 0; i < n; ++i) {
    if (key_of[i] < 0) continue;
    size_t& f = first_with[key_of[i]];
    if (f == n) f = i;
    else uf.Join(i, f);
  }
  for (size_t i = 0; i < n; ++i) {
    if (key_of[i] >= 0) continue;
    std::unordered_map<size_t, int> shared;
    for (const std::string& k : keys[i])
      if (!IsStrongKey(k) && usable(k))
        for (size_t j : postings[k])
          if (j != i) ++shared[j];
    size_t best = n;
    int best_n = 1;
    for (auto [j, c] : shared)
      if (key_of[j] >= 0 && (c > best_n || (c == best_n && j < best))) {
        best = j;
        best_n = c;
      }
    if (best < n) {
      uf.Join(i, best);
      continue;
    }
    for (auto [j, c] : shared)
      if (c >= 2 && key_of[j] < 0) uf.Join(i, j);
  }
  std::map<size_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < n; ++i) groups[uf.Find(i)].push_back(i);

  std::vector<Issue> issues;
  for (auto& [root, members] : groups) {
    Issue is;
    std::map<std::string, size_t> count;
    for (size_t i : members) {
      (side_b[i] ? is.b : is.a).push_back(*picked[i]);
      for (const std::string& k : keys[i]) ++count[k];
    }
    auto by_date = [](const StatementRecord& x, const StatementRecord& y) {
      // Undated last; then document order.
      if (x.date.empty() != y.date.empty()) return y.date.empty();
      if (x.date != y.date) return x.date < y.date;
      if (x.doc_id != y.doc_id) return x.doc_id < y.doc_id;
      return x.content_span.begin < y.content_span.begin;
    };
    std::stable_sort(is.a.begin(), is.a.end(), by_date);
    std::stable_sort(is.b.begin(), is.b.end(), by_date);
    std::vector<std::pair<std::string, size_t>> shared;
    for (auto& [k, c] : count)
      if (c >= 2 && postings[k].size() <= max_df) shared.emplace_back(k, c);
    // The issue's own key first.
    if (key_of[members[0]] >= 0) shared.emplace_back(key_names[key_of[members[0]]], members.size() + 1);
    std::stable_sort(shared.begin(), shared.end(), [](const auto& x, const auto& y) {
      if (x.second != y.second) return x.second > y.second;
      return Words(x.first) > Words(y.first);
    });
    for (size_t k = 0; k < shared.size() && is.terms.size() < 8; ++k)
      if (std::find(is.terms.begin(), is.terms.end(), shared[k].first) == is.terms.end())
        is.terms.push_back(shared[k].first);
    if (is.terms.empty() && !members.empty())  // a single statement: its own first terms
      for (size_t k = 0; k < keys[members[0]].size() && k < 5; ++k) is.terms.push_back(keys[members[0]][k]);
    if (!IsAbout(is, o.about)) continue;
    if (!is.a.empty() && !is.b.empty()) is.contrast = FindContrast(is, o);
    issues.push_back(std::move(is));
  }
  auto rank = [](const Issue& is) {
    if (is.a.empty() || is.b.empty()) return 2;
    return is.contrast.kind == ContrastKind::kNone ? 1 : 0;
  };
  std::stable_sort(issues.begin(), issues.end(), [&](const Issue& x, const Issue& y) {
    if (rank(x) != rank(y)) return rank(x) < rank(y);
    return x.a.size() + x.b.size() > y.a.size() + y.b.size();
  });
  return issues;
}

Result<std::vector<StatementRecord>> ReadForComparison(Store& store, const CompareOptions& o, size_t max_per_party,
                                                       bool* truncated) {
  std::vector<StatementRecord> out;
  std::set<std::pair<std::string, uint32_t>> seen;  // a speaker of both parties (USA and USAGOV) once
  if (truncated) *truncated = false;
  for (const std::string& party : {o.party_a, o.party_b}) {
    std::multimap<std::string, std::string> params{{"speaker", party}};
    if (!o.from.empty()) params.emplace("from", o.from);
    if (!o.to.empty()) params.emplace("to", o.to);
    auto q = ParseStatementQuery(params);
    if (!q.ok()) return q.status();
    q->newest_first = true;
    if (max_per_party > 0) q->limit = static_cast<int64_t>(max_per_party) + 1;
    size_t n = 0;
    Status s = store.QueryStatements(*q, [&](const StatementRecord& r) {
      if (max_per_party > 0 && n == max_per_party) {
        if (truncated) *truncated = true;
        return false;
      }
      ++n;
      if (seen.emplace(r.doc_id, r.content_span.begin).second) out.push_back(r);
      return true;
    });
    if (!s.ok()) return s;
  }
  return out;
}

std::string IssueJson(const Issue& is, const CompareOptions& o) {
  auto side = [](const std::vector<StatementRecord>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + StatementRecordJson(v[i]);
    return out + "]";
  };
  json contrast = nullptr;
  if (is.contrast.kind != ContrastKind::kNone)
    contrast = {{"kind", std::string(ToString(is.contrast.kind))}, {"reason", is.contrast.reason}};
  auto dump = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
  return "{\"parties\":" + dump(json::array({o.party_a, o.party_b})) + ",\"terms\":" + dump(json(is.terms)) +
         ",\"a\":" + side(is.a) + ",\"b\":" + side(is.b) + ",\"contrast\":" + dump(contrast) + "}";
}

std::string CompareMarkdown(const std::vector<Issue>& issues, const CompareOptions& o) {
  size_t contrasts = 0, two_sided = 0;
  for (const Issue& is : issues) {
    contrasts += is.contrast.kind != ContrastKind::kNone;
    two_sided += !is.a.empty() && !is.b.empty();
  }
  std::string out = fmt::format("# {} and {}: what each side said\n\n", o.party_a, o.party_b);
  out += fmt::format("{} issues, {} addressed by both sides, {} with a contrast.\n", issues.size(), two_sided,
                     contrasts);
  auto list = [&](const std::string& party, const std::vector<StatementRecord>& side) {
    out += fmt::format("\n**{}**\n", party);
    if (side.empty()) out += "- (nothing said)\n";
    for (const StatementRecord& r : side)
      out += fmt::format("- {}, {}{}: \"{}\"\n", r.date.empty() ? "undated" : r.date, Who(r),
                         r.cue_text.empty() ? "" : ", " + r.cue_text, Clip(r.content, 300));
  };
  int n = 0;
  for (const Issue& is : issues) {
    std::string terms;
    for (size_t k = 0; k < is.terms.size() && k < 4; ++k) terms += (k ? ", " : "") + is.terms[k];
    out += fmt::format("\n## {}. {}\n", ++n, terms.empty() ? "(no shared terms)" : terms);
    list(o.party_a, is.a);
    list(o.party_b, is.b);
    if (is.contrast.kind != ContrastKind::kNone)
      out += fmt::format("\n**Contrast ({}):** {}.\n", ToString(is.contrast.kind), is.contrast.reason);
  }
  return out;
}

std::string CompareTable(const std::vector<Issue>& issues, const CompareOptions& o) {
  std::string out = fmt::format("{:<5} {:<5} {:<10} {:<28} {}\n", "issue", "party", "date", "speaker", "content");
  int n = 0;
  for (const Issue& is : issues) {
    ++n;
    std::string terms;
    for (size_t k = 0; k < is.terms.size() && k < 4; ++k) terms += (k ? ", " : "") + is.terms[k];
    out += fmt::format("{:<5} {}\n", n, Clip(terms, 100));
    for (int s = 0; s < 2; ++s)
      for (const StatementRecord& r : s ? is.b : is.a)
        out += fmt::format("{:<5} {:<5} {:<10} {:<28} {}\n", "", s ? o.party_b : o.party_a,
                           r.date.empty() ? "?" : r.date, Clip(Who(r), 28), Clip(r.content, 90));
    if (is.contrast.kind != ContrastKind::kNone)
      out += fmt::format("{:<5} {}: {}\n", "", ToString(is.contrast.kind), Clip(is.contrast.reason, 200));
  }
  return out;
}

}  // namespace dyad
