// Backend-independent parts of the store: content hashing, filter parsing
// and validation, the unknown-actor heuristic.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "dyad/store.h"

namespace dyad {

std::string ContentHash(std::string_view bytes) {
  // FNV-1a, 128-bit variant (offset basis and prime from the FNV reference).
  using u128 = unsigned __int128;
  u128 h = (static_cast<u128>(0x6c62272e07bb0142ull) << 64) | 0x62b821756295c58dull;
  const u128 prime = (static_cast<u128>(0x0000000001000000ull) << 64) | 0x000000000000013Bull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= prime;
  }
  return fmt::format("{:016x}{:016x}", static_cast<uint64_t>(h >> 64), static_cast<uint64_t>(h));
}

std::string_view ToString(PutOutcome o) {
  switch (o) {
    case PutOutcome::kInserted: return "inserted";
    case PutOutcome::kUnchanged: return "unchanged";
    case PutOutcome::kReplaced: return "replaced";
    case PutOutcome::kDuplicate: return "duplicate";
  }
  return "?";
}

bool ParseInterval(std::string_view s, Interval& out) {
  if (s == "day") out = Interval::kDay;
  else if (s == "week") out = Interval::kWeek;
  else if (s == "month") out = Interval::kMonth;
  else return false;
  return true;
}

namespace {

// Actor codes: letters and digits, 2..32 characters; upper-cased.
Result<std::string> ActorCode(const std::string& key, std::string v) {
  if (v.size() < 2 || v.size() > 32)
    return Status::InvalidArgument(fmt::format("'{}' must be an actor code of 2 to 32 letters/digits (e.g. IRQ, USAGOV)", key));
  for (char& c : v) {
    if (!std::isalnum(static_cast<unsigned char>(c)))
      return Status::InvalidArgument(fmt::format("'{}' must be an actor code of letters and digits (e.g. IRQ, USAGOV)", key));
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return v;
}

bool IsIsoDay(const std::string& v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
  int m = std::stoi(v.substr(5, 2)), d = std::stoi(v.substr(8, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

Result<int64_t> NonNegative(const std::string& key, const std::string& v) {
  if (v.empty() || v.size() > 12 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return Status::InvalidArgument(fmt::format("'{}' must be a non-negative integer, got '{}'", key, v.substr(0, 40)));
  return std::stoll(v);
}

}  // namespace

Result<EventQuery> ParseEventQuery(const std::multimap<std::string, std::string>& params,
                                   int64_t default_limit, int64_t max_limit) {
  EventQuery q;
  q.limit = default_limit;
  std::set<std::string> seen;
  for (const auto& [key, value] : params) {
    if (!seen.insert(key).second)
      return Status::InvalidArgument(fmt::format("parameter '{}' is given more than once", key));
    if (key == "source" || key == "target" || key == "actor") {
      auto code = ActorCode(key, value);
      if (!code.ok()) return code.status();
      (key == "source" ? q.source : key == "target" ? q.target : q.actor) = *code;
    } else if (key == "dyad") {
      size_t dash = value.find('-');
      if (dash == std::string::npos)
        return Status::InvalidArgument("'dyad' must be two actor codes joined by '-' (e.g. IRQ-USA)");
      auto a = ActorCode(key, value.substr(0, dash));
      if (!a.ok()) return a.status();
      auto b = ActorCode(key, value.substr(dash + 1));
      if (!b.ok()) return b.status();
      q.dyad_a = *a;
      q.dyad_b = *b;
    } else if (key == "code") {
      if (value.empty() || value.size() > 4 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Status::InvalidArgument("'code' must be a CAMEO code or root of 2 to 4 digits (e.g. 04, 046)");
      if (value.size() < 2) return Status::InvalidArgument("'code' must have at least 2 digits (a CAMEO root such as 04)");
      q.code = value;
    } else if (key == "plover") {
      std::string v = value;
      if (v.empty() || v.size() > 32) return Status::InvalidArgument("'plover' must be a PLOVER type (e.g. CONSULT)");
      for (char& c : v) {
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != '_' && c != '-')
          return Status::InvalidArgument("'plover' must be a PLOVER type of letters (e.g. CONSULT, MATERIAL_CONFLICT)");
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      q.plover = v;
    } else if (key == "quad") {
      if (value.size() != 1 || value[0] < '1' || value[0] > '4')
        return Status::InvalidArgument("'quad' must be a quad class 1, 2, 3 or 4");
      q.quad = value[0] - '0';
    } else if (key == "from" || key == "to") {
      if (!IsIsoDay(value)) return Status::InvalidArgument(fmt::format("'{}' must be a date YYYY-MM-DD", key));
      (key == "from" ? q.from : q.to) = value;
    } else if (key == "text") {
      if (value.empty() || value.size() > 1000)
        return Status::InvalidArgument("'text' must be a full-text query of 1 to 1000 bytes");
      q.text = value;
    } else if (key == "site") {
      if (value.empty() || value.size() > 300) return Status::InvalidArgument("'site' must be 1 to 300 bytes");
      q.site = value;
    } else if (key == "doc") {
      if (value.empty() || value.size() > 300) return Status::InvalidArgument("'doc' must be a document id");
      q.doc_id = value;
    } else if (key == "all") {
      if (value == "1" || value == "true" || value == "yes") q.all = true;
      else if (value == "0" || value == "false" || value == "no") q.all = false;
      else return Status::InvalidArgument("'all' must be true or false");
    } else if (key == "polarity") {
      if (value != "asserted" && value != "negated")
        return Status::InvalidArgument("'polarity' must be asserted or negated");
      q.polarity = value;
    } else if (key == "modality") {
      if (value != "actual" && value != "future" && value != "hypothetical" && value != "question" &&
          value != "reported")
        return Status::InvalidArgument("'modality' must be actual, future, hypothetical, question or reported");
      q.modality = value;
    } else if (key == "order") {
      if (value != "asc" && value != "desc") return Status::InvalidArgument("'order' must be asc or desc");
      q.newest_first = value == "desc";
    } else if (key == "limit") {
      auto n = NonNegative(key, value);
      if (!n.ok()) return n.status();
      if (max_limit > 0 && (*n > max_limit || *n == 0))
        return Status::InvalidArgument(fmt::format("'limit' must be between 1 and {}", max_limit));
      q.limit = *n;
    } else if (key == "offset") {
      auto n = NonNegative(key, value);
      if (!n.ok()) return n.status();
      q.offset = *n;
    } else {
      return Status::InvalidArgument(fmt::format(
          "unknown parameter '{}' (known: source, target, dyad, actor, code, plover, quad, from, to, text, site, doc, all, "
          "polarity, modality, order, limit, offset)",
          key.substr(0, 60)));
    }
  }
  if (!q.from.empty() && !q.to.empty() && q.from > q.to)
    return Status::InvalidArgument("'from' is after 'to'");
  return q;
}

Result<StatementQuery> ParseStatementQuery(const std::multimap<std::string, std::string>& params,
                                           int64_t default_limit, int64_t max_limit) {
  // The shared keys are checked by the event parser; the speaker as a source.
  std::multimap<std::string, std::string> as_events;
  std::string speaker;
  for (const auto& [key, value] : params) {
    if (key == "speaker" || key == "actor") {
      if (!speaker.empty())
        return Status::InvalidArgument("parameter 'speaker' (or 'actor') is given more than once");
      auto code = ActorCode(key, value);
      if (!code.ok()) return code.status();
      speaker = *code;
    } else if (key == "dyad" || key == "from" || key == "to" || key == "text" || key == "doc" || key == "limit" ||
               key == "offset") {
      as_events.emplace(key, value);
    } else {
      return Status::InvalidArgument(fmt::format(
          "unknown parameter '{}' (known: speaker, actor, dyad, from, to, text, doc, limit, offset)", key.substr(0, 60)));
    }
  }
  auto e = ParseEventQuery(as_events, default_limit, max_limit);
  if (!e.ok()) return e.status();
  StatementQuery q;
  q.speaker = speaker;
  q.dyad_a = e->dyad_a;
  q.dyad_b = e->dyad_b;
  q.from = e->from;
  q.to = e->to;
  q.text = e->text;
  q.doc_id = e->doc_id;
  q.limit = e->limit;
  q.offset = e->offset;
  return q;
}

std::vector<std::pair<std::string, Span>> FindUnknownActorNames(const Document& doc) {
  static const std::set<std::string, std::less<>> kLeading = {
      "the", "a", "an", "in", "on", "at", "but", "and", "or", "if", "when", "while", "after", "before",
      "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "his", "her", "their",
      "its", "our", "as", "for", "with", "by", "from", "to", "of", "meanwhile", "however", "earlier",
      "later", "last", "next", "some", "many", "both", "all", "according", "despite", "since", "during"};
  static const std::set<std::string, std::less<>> kJoiners = {"of", "for", "al", "bin", "de", "del", "el"};
  std::vector<std::pair<std::string, Span>> out;
  std::vector<bool> has_actor(doc.sentences.size(), false);
  std::vector<bool> in_time(doc.tokens.size(), false);
  for (const Mention& m : doc.mentions) {
    if ((m.kind == MentionKind::kActor || m.kind == MentionKind::kAgent) && !m.code.empty() &&
        m.sentence < has_actor.size())
      has_actor[m.sentence] = true;
    if (m.kind == MentionKind::kTime)
      for (uint32_t t = m.token_begin; t < m.token_end && t < in_time.size(); ++t) in_time[t] = true;
  }
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    if (has_actor[si]) continue;
    const Sentence& s = doc.sentences[si];
    uint32_t end = std::min<uint32_t>(s.token_end, static_cast<uint32_t>(doc.tokens.size()));
    auto capital = [&](uint32_t t) {
      const Token& tok = doc.tokens[t];
      return tok.Has(kTokWord) && (tok.Has(kTokCapitalised) || tok.Has(kTokAllCaps)) && !in_time[t];
    };
    uint32_t t = s.token_begin;
    while (t < end) {
      if (!capital(t)) {
        ++t;
        continue;
      }
      uint32_t b = t, e = t + 1;
      while (e < end) {
        if (capital(e)) {
          ++e;
        } else if (kJoiners.count(doc.tokens[e].lower) && e + 1 < end && capital(e + 1)) {
          e += 2;
        } else {
          break;
        }
      }
      t = e;
      // Drop leading function words ("The", "But").
      while (b < e && kLeading.count(doc.tokens[b].lower)) ++b;
      // Drop trailing joiners (cannot happen by construction, but keep it safe).
      size_t words = 0;
      for (uint32_t k = b; k < e; ++k)
        if (capital(k)) ++words;
      if (words < 2) continue;
      Span span{doc.tokens[b].span.begin, doc.tokens[e - 1].span.end};
      std::string name(doc.Text(span));
      // Collapse internal whitespace (line breaks inside a name).
      std::string clean;
      bool space = false;
      for (char c : name) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
          space = true;
          continue;
        }
        if (space && !clean.empty()) clean += ' ';
        space = false;
        clean += c;
      }
      if (clean.size() > 200) continue;
      out.emplace_back(std::move(clean), span);
    }
  }
  return out;
}

std::string StorePipelineSpec(const std::string& dict, bool no_clean) {
  // Pipeline::kDefaultSpec, stage by stage, with the store's options added.
  std::string spec;
  std::string_view rest = Pipeline::kDefaultSpec;
  while (!rest.empty()) {
    size_t cut = rest.find_first_of("; ");
    std::string stage(rest.substr(0, cut));
    rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
    if (stage.empty()) continue;
    std::string name = stage.substr(0, stage.find(':'));
    bool has_options = stage.find(':') != std::string::npos;
    auto add_option = [&](const std::string& kv) { stage += (has_options ? "," : ":") + kv; has_options = true; };
    if (name == "clean" && no_clean) add_option("mode=none");
    if (name == "actors" && !dict.empty()) add_option("dict=" + dict);
    if (name == "events" || name == "eventml") add_option("all=yes");
    spec += (spec.empty() ? "" : ";") + stage;
  }
  return spec + ";statements";
}

}  // namespace dyad
