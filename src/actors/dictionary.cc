#include <fmt/format.h>

#include <climits>
#include <fstream>
#include <sstream>

#include "core/dict_reader.h"
#include "dyad/actors.h"
#include "dyad/text.h"

namespace dyad {

std::string_view ToString(PhraseKind k) {
  switch (k) {
    case PhraseKind::kName: return "name";
    case PhraseKind::kAdjective: return "adjective";
    case PhraseKind::kDemonym: return "demonym";
    case PhraseKind::kCapital: return "capital";
    case PhraseKind::kSeat: return "seat";
    case PhraseKind::kPerson: return "person";
    case PhraseKind::kAgent: return "agent";
    case PhraseKind::kPlace: return "place";
  }
  return "?";
}

namespace {

constexpr uint32_t kNoWord = UINT32_MAX;
constexpr uint32_t kMaxPhraseTokens = 16;

bool IsUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }

bool ValidActorCode(std::string_view code) {
  if (code.size() < 3 || code.size() > 15) return false;
  for (char c : code)
    if (!IsUpperAscii(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

// An acronym ("US", "UN", "U.S.", "LeT"): two or more capitals, and either no
// lower-case letter or a capital after a lower-case one. Such names collide
// with common words ("us", "let") unless matched exactly as written.
bool IsAcronym(std::string_view s) {
  int upper = 0;
  bool lower = false, mixed = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') lower = true;
    if (IsUpperAscii(c)) {
      ++upper;
      if (lower) mixed = true;
    }
    if (c == ' ') lower = false;
  }
  return upper >= 2 && (!lower || (mixed && s.size() <= 6));
}

// Simple English plurals of an agent noun, for the last word of the phrase.
std::vector<std::string> PluralVariants(const std::string& phrase) {
  std::vector<std::string> out{phrase};
  size_t sp = phrase.rfind(' ');
  std::string head = phrase.substr(0, sp == std::string::npos ? 0 : sp + 1);
  std::string last = phrase.substr(sp == std::string::npos ? 0 : sp + 1);
  if (last.empty()) return out;
  auto ends = [&](std::string_view suf) {
    return last.size() >= suf.size() && last.compare(last.size() - suf.size(), suf.size(), suf) == 0;
  };
  std::string plural;
  if (ends("man")) plural = last.substr(0, last.size() - 3) + "men";  // spokesman
  else if (ends("person")) plural = last.substr(0, last.size() - 6) + "people";
  else if (ends("y") && last.size() > 2 && std::string_view("aeiou").find(last[last.size() - 2]) == std::string_view::npos)
    plural = last.substr(0, last.size() - 1) + "ies";
  else if (ends("s") || ends("x") || ends("ch") || ends("sh")) plural = last + "es";
  else plural = last + "s";
  if (ends("y") && last.size() > 2 && std::string_view("aeiou").find(last[last.size() - 2]) != std::string_view::npos)
    plural = last + "s";  // attorney -> attorneys
  out.push_back(head + plural);
  return out;
}

}  // namespace

ActorDictionary::ActorDictionary() { node_phrases_.emplace_back(); }

uint32_t ActorDictionary::WordId(std::string_view w) const {
  auto it = words_.find(w);
  return it == words_.end() ? kNoWord : it->second;
}

uint32_t ActorDictionary::InternWord(std::string_view w) {
  auto [it, inserted] = words_.emplace(std::string(w), static_cast<uint32_t>(words_.size()));
  return it->second;
}

Status ActorDictionary::AddPhrase(std::string_view surface, uint32_t entry, PhraseKind kind,
                                  std::string code, std::string_view where, bool imported) {
  std::string folded = FoldTypography(surface);
  std::vector<RawToken> toks;
  Tokenizer().Tokenize(folded, toks);
  if (toks.empty()) return Status::InvalidArgument(fmt::format("{}: empty phrase", where));
  if (toks.size() > kMaxPhraseTokens)
    return Status::InvalidArgument(fmt::format("{}: phrase longer than {} tokens", where, kMaxPhraseTokens));
  uint32_t node = 0;
  for (const RawToken& t : toks) {
    uint32_t wid = InternWord(Lowercase(Slice(folded, t.span)));
    uint64_t key = (static_cast<uint64_t>(node) << 32) | wid;
    auto it = edges_.find(key);
    if (it == edges_.end()) {
      uint32_t child = static_cast<uint32_t>(node_phrases_.size());
      node_phrases_.emplace_back();
      edges_.emplace(key, child);
      node = child;
    } else {
      node = it->second;
    }
  }
  std::string resolved = code.empty() ? (kind == PhraseKind::kAgent ? agent_sectors_[entry]
                                                                    : entries_[entry].code)
                                      : code;
  // The same words under the same kind with another code is a conflict the
  // analyst must see; the first file wins.
  // People get their code from role lines that may follow the name, so a
  // person is identified by where it is defined instead.
  if (kind == PhraseKind::kPerson) resolved = "the person at " + entries_[entry].source;
  std::string key = Lowercase(folded) + "\x1f" + std::string(ToString(kind));
  auto [seen, fresh] = seen_names_.emplace(key, resolved);
  if (!fresh) {
    if (seen->second != resolved) {
      warnings_.push_back(fmt::format("{}: '{}' ({}) is already {}; keeping that", where, surface,
                                      ToString(kind), seen->second));
    }
    return Status::Ok();
  }
  Phrase p;
  p.entry = entry;
  p.kind = kind;
  p.code = std::move(code);
  p.surface = std::string(surface);
  p.exact_case = imported ? (kind != PhraseKind::kAgent && surface.size() <= 3 && IsAcronym(surface))
                          : IsAcronym(surface);
  if (p.exact_case)
    for (const RawToken& t : toks) p.exact_tokens.emplace_back(Slice(folded, t.span));
  p.capitalised = kind != PhraseKind::kAgent && !surface.empty() && IsUpperAscii(folded[0]);
  p.length = static_cast<uint8_t>(toks.size());
  node_phrases_[node].push_back(static_cast<uint32_t>(phrases_.size()));
  phrases_.push_back(std::move(p));
  return Status::Ok();
}

Status ActorDictionary::AddActorsText(std::string_view content, std::string_view name) {
  DictReader reader(content, name);
  DYAD_RETURN_IF_ERROR(reader.ExpectMagic("@dyad-actors", 1));
  int current = -1;
  DictLine line;
  while (reader.Next(line)) {
    std::string where = fmt::format("{}:{}", name, line.number);
    if (line.kind == DictLine::kHeader) {
      ActorEntry e;
      e.source = where;
      if (line.header == "person") {
        e.code = "";
      } else {
        if (!ValidActorCode(line.header))
          return Status::InvalidArgument(fmt::format("{}: '{}' is not an actor code (A-Z, 3-15 letters)", where, line.header));
        e.code = line.header;
        e.is_country = line.header.size() == 3;
        if (e.is_country) country_codes_.insert(e.code);
      }
      entries_.push_back(std::move(e));
      current = static_cast<int>(entries_.size()) - 1;
      continue;
    }
    if (line.kind != DictLine::kField) continue;
    if (current < 0) return Status::InvalidArgument(fmt::format("{}: field '{}' before any [entry]", where, line.key));
    ActorEntry& e = entries_[current];
    const std::string& key = line.key;
    if (key == "note" || key == "source") continue;
    if (key == "role") {
      // CODE FROM TO  description
      std::istringstream in(line.value);
      std::string code, from, to;
      in >> code >> from >> to;
      std::string desc;
      std::getline(in, desc);
      if (!ValidActorCode(code)) return Status::InvalidArgument(fmt::format("{}: role code '{}' is invalid", where, code));
      ActorRole role;
      role.code = code;
      role.description = std::string(Trim(desc));
      if (from != "-") {
        role.from = Date::FromIso(from);
        if (!role.from || role.from->day == 0) return Status::InvalidArgument(fmt::format("{}: role start '{}' is not YYYY-MM-DD or -", where, from));
      }
      if (to != "-" && !to.empty()) {
        role.to = Date::FromIso(to);
        if (!role.to || role.to->day == 0) return Status::InvalidArgument(fmt::format("{}: role end '{}' is not YYYY-MM-DD or -", where, to));
      }
      if (role.from && role.to && DaysFromCivil(role.to->year, role.to->month, role.to->day) <
                                      DaysFromCivil(role.from->year, role.from->month, role.from->day))
        return Status::InvalidArgument(fmt::format("{}: role ends before it starts", where));
      e.roles.push_back(std::move(role));
      e.code = e.roles.back().code;  // the last listed role is the default
      continue;
    }
    PhraseKind kind;
    if (key == "name") kind = PhraseKind::kName;
    else if (key == "adjective") kind = PhraseKind::kAdjective;
    else if (key == "demonym") kind = PhraseKind::kDemonym;
    else if (key == "capital") kind = PhraseKind::kCapital;
    else if (key == "seat") kind = PhraseKind::kSeat;
    else if (key == "person") kind = PhraseKind::kPerson;
    else if (key == "place") kind = PhraseKind::kPlace;
    else return Status::InvalidArgument(fmt::format("{}: unknown field '{}'", where, key));
    for (const std::string& alt : line.values) {
      std::string surface = alt, code;
      if (kind == PhraseKind::kSeat) {
        size_t arrow = alt.find("->");
        if (arrow == std::string::npos) return Status::InvalidArgument(fmt::format("{}: seat '{}' needs '-> CODE'", where, alt));
        surface = std::string(Trim(std::string_view(alt).substr(0, arrow)));
        code = std::string(Trim(std::string_view(alt).substr(arrow + 2)));
        if (!ValidActorCode(code)) return Status::InvalidArgument(fmt::format("{}: seat code '{}' is invalid", where, code));
      } else if (kind == PhraseKind::kCapital) {
        if (e.code.size() < 3) return Status::InvalidArgument(fmt::format("{}: capital outside a country entry", where));
        code = e.code.substr(0, 3) + "GOV";
      } else if (kind == PhraseKind::kPlace) {
        if (!e.is_country) return Status::InvalidArgument(fmt::format("{}: place outside a country entry", where));
        code = e.code;
      }
      if (surface.empty()) return Status::InvalidArgument(fmt::format("{}: empty value", where));
      if (e.label.empty()) e.label = surface;
      DYAD_RETURN_IF_ERROR(AddPhrase(surface, static_cast<uint32_t>(current), kind, code, where));
    }
  }
  if (!reader.status().ok()) return reader.status();
  for (const ActorEntry& e : entries_)
    if (e.code.empty()) return Status::InvalidArgument(fmt::format("{}: person entry without a role", e.source));
  return Status::Ok();
}

Status ActorDictionary::AddAgentsText(std::string_view content, std::string_view name) {
  DictReader reader(content, name);
  DYAD_RETURN_IF_ERROR(reader.ExpectMagic("@dyad-agents", 1));
  int current = -1;
  DictLine line;
  while (reader.Next(line)) {
    std::string where = fmt::format("{}:{}", name, line.number);
    if (line.kind == DictLine::kHeader) {
      if (!ValidActorCode(line.header) || line.header.size() != 3)
        return Status::InvalidArgument(fmt::format("{}: '{}' is not a three-letter sector code", where, line.header));
      agent_sectors_.push_back(line.header);
      current = static_cast<int>(agent_sectors_.size()) - 1;
      continue;
    }
    if (line.kind != DictLine::kField) continue;
    if (current < 0) return Status::InvalidArgument(fmt::format("{}: field before any [SECTOR]", where));
    if (line.key == "note" || line.key == "source") continue;
    if (line.key != "noun") return Status::InvalidArgument(fmt::format("{}: unknown field '{}' (agents have noun:)", where, line.key));
    for (const std::string& noun : line.values) {
      for (const std::string& form : PluralVariants(Lowercase(noun))) {
        DYAD_RETURN_IF_ERROR(AddPhrase(form, static_cast<uint32_t>(current), PhraseKind::kAgent, "", where));
      }
    }
  }
  return reader.status();
}

Status ActorDictionary::AddFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open dictionary " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string content = buf.str();
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  // The first line that is not a comment says which format this is.
  std::string_view first;
  for (size_t pos = 0; pos < content.size();) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string::npos) nl = content.size();
    std::string_view line = Trim(std::string_view(content).substr(pos, nl - pos));
    pos = nl + 1;
    if (!line.empty() && line.front() != '#') {
      first = line;
      break;
    }
  }
  if (first.rfind("@dyad-agents", 0) == 0) return AddAgentsText(content, name);
  if (first.rfind("@dyad-", 0) == 0) return AddActorsText(content, name);
  // Without a dyad header the file must read as a PETRARCH dictionary: valid
  // UTF-8, and most of its entries well formed. Anything else (a misnamed
  // file, binary junk, prose with a "[USA]" in it) is refused, not imported
  // as a handful of stray names.
  const std::string kNotADictionary =
      name + ": not a dictionary: no '@dyad-actors 1' or '@dyad-agents 1' header, and ";
  if (!IsValidUtf8(content)) return Status::InvalidArgument(kNotADictionary + "not UTF-8 text");
  // Judged on a dictionary of its own, so that conflicts with entries loaded
  // before (warnings too) do not count against it, and a refused file leaves
  // nothing behind.
  const bool agents = content.find("[~") != std::string::npos;
  ActorDictionary probe;
  DYAD_RETURN_IF_ERROR(agents ? probe.AddPetrarchAgents(content, name) : probe.AddPetrarchActors(content, name));
  const size_t read = agents ? probe.phrases_.size() : probe.entries_.size();
  const size_t unreadable = probe.warnings_.size();
  if (read == 0) return Status::InvalidArgument(kNotADictionary + "no PETRARCH entries in it");
  if (unreadable > read)
    return Status::InvalidArgument(fmt::format("{}most of it is not PETRARCH entries ({} read, {} unreadable)",
                                               kNotADictionary, read, unreadable));
  return agents ? AddPetrarchAgents(content, name) : AddPetrarchActors(content, name);
}

Result<std::shared_ptr<const ActorDictionary>> ActorDictionary::LoadBuiltin(const std::string& data_dir) {
  auto dict = std::make_shared<ActorDictionary>();
  const std::string dir = data_dir + "/actors/";
  DYAD_RETURN_IF_ERROR(dict->AddFile(dir + "agents.txt"));
  DYAD_RETURN_IF_ERROR(dict->AddFile(dir + "countries.txt"));
  for (const char* optional : {"places.txt", "organizations.txt", "people.txt"}) {
    std::ifstream probe(dir + optional);
    if (probe) DYAD_RETURN_IF_ERROR(dict->AddFile(dir + optional));
  }
  return std::shared_ptr<const ActorDictionary>(std::move(dict));
}

std::string ActorDictionary::CodeOn(const ActorEntry& e, const std::optional<Date>& date) const {
  if (e.roles.empty()) return e.code;
  if (!date) {
    // No date to go by: the most recent role (open-ended roles first).
    const ActorRole* best = &e.roles.front();
    auto key = [](const ActorRole& r) {
      return r.to ? DaysFromCivil(r.to->year, r.to->month, r.to->day) : LONG_MAX;
    };
    for (const ActorRole& r : e.roles)
      if (key(r) > key(*best)) best = &r;
    return best->code;
  }
  long d = DaysFromCivil(date->year, date->month, date->day ? date->day : 15);
  for (const ActorRole& r : e.roles) {
    long from = r.from ? DaysFromCivil(r.from->year, r.from->month, r.from->day) : LONG_MIN;
    long to = r.to ? DaysFromCivil(r.to->year, r.to->month, r.to->day) : LONG_MAX;
    if (from <= d && d <= to) return r.code;
  }
  // No role on that date: still a national of the country of the nearest
  // role, but not its government.
  const ActorRole* nearest = nullptr;
  long best = LONG_MAX;
  for (const ActorRole& r : e.roles) {
    long from = r.from ? DaysFromCivil(r.from->year, r.from->month, r.from->day) : d;
    long to = r.to ? DaysFromCivil(r.to->year, r.to->month, r.to->day) : d;
    long dist = d < from ? from - d : d - to;
    if (dist < best) {
      best = dist;
      nearest = &r;
    }
  }
  return nearest ? nearest->code.substr(0, 3) : "";
}

std::optional<PhraseMatch> ActorDictionary::Walk(uint32_t i, uint32_t n,
                                                  const WordAt& lower,
                                                  const WordAt& surface) const {
  uint32_t node = 0;
  std::optional<PhraseMatch> best;
  for (uint32_t j = i; j < n && j - i < kMaxPhraseTokens; ++j) {
    uint32_t wid = WordId(lower(j));
    if (wid == kNoWord) break;
    auto it = edges_.find((static_cast<uint64_t>(node) << 32) | wid);
    if (it == edges_.end()) break;
    node = it->second;
    if (node_phrases_[node].empty()) continue;
    PhraseMatch m;
    m.token_begin = i;
    m.token_end = j + 1;
    for (uint32_t pid : node_phrases_[node]) {
      const Phrase& p = phrases_[pid];
      if (p.exact_case) {
        // Acronyms must be written as in the dictionary: "US" the country, not "us".
        bool same = true;
        for (uint32_t k = i; k <= j && same; ++k) same = FoldTypography(surface(k)) == p.exact_tokens[k - i];
        if (!same) continue;
      } else if (p.capitalised) {
        std::string_view s = surface(i);  // "turkey" the bird, "chad" the paper
        if (!s.empty() && static_cast<unsigned char>(s[0]) < 0x80 && !(s[0] >= 'A' && s[0] <= 'Z'))
          continue;
      }
      m.phrases.push_back(pid);
    }
    if (!m.phrases.empty()) best = std::move(m);
  }
  return best;
}

std::optional<PhraseMatch> ActorDictionary::MatchWords(const std::vector<std::string>& words,
                                                       const std::vector<std::string>& surfaces,
                                                       uint32_t i) const {
  return Walk(i, static_cast<uint32_t>(words.size()),
              [&](uint32_t j) -> std::string_view { return words[j]; },
              [&](uint32_t j) -> std::string_view { return surfaces[j]; });
}

std::optional<PhraseMatch> ActorDictionary::MatchAt(const Document& doc, uint32_t i,
                                                    uint32_t last) const {
  return Walk(i, last, [&](uint32_t j) -> std::string_view { return doc.tokens[j].lower; },
              [&](uint32_t j) { return doc.Text(doc.tokens[j].span); });
}

}  // namespace dyad
