// Importers for the TABARI / PETRARCH / Phoenix dictionary formats, so users
// can load the open CAMEO dictionaries next to dyad's own:
//
//   actors:  NAME_WITH_UNDERSCORES_ [CODE]           one line
//            NAME                                    or a block: the name,
//            +SYNONYM                                synonyms,
//            \t[CODE 970101-061231]                  and dated codes
//   agents:  !PERSON! = MAN, MEN, WOMAN              macros
//            CATTLE!PERSON! {PLURALS} [~AGR]         agent nouns
//
// Third-party files have typos; a malformed line is reported (file:line) in
// warnings() and skipped, and the rest of the file still loads.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "core/dict_reader.h"
#include "dyad/actors.h"

namespace dyad {

namespace {

// "970101" (two-digit years: up to 30 are 20xx) or "19970101".
std::optional<Date> PetrarchDate(std::string_view s) {
  if (s.size() != 6 && s.size() != 8) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  int year, rest;
  if (s.size() == 6) {
    year = (s[0] - '0') * 10 + (s[1] - '0');
    year += year <= 30 ? 2000 : 1900;
    s.remove_prefix(2);
  } else {
    year = std::stoi(std::string(s.substr(0, 4)));
    s.remove_prefix(4);
  }
  rest = std::stoi(std::string(s));
  Date d{year, rest / 100, rest % 100};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > DaysInMonth(d.year, d.month)) return std::nullopt;
  return d;
}

bool ValidCode(std::string_view code) {
  if (code.size() < 3 || code.size() > 15) return false;
  for (char c : code)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

}  // namespace

Status ActorDictionary::AddPetrarchActors(std::string_view content, std::string_view name) {
  struct Block {
    int line = 0;
    std::vector<std::string> names;
    std::vector<ActorRole> roles;
  };
  Block block;
  size_t entries_before = entries_.size();
  auto warn = [&](int line, const std::string& what) {
    warnings_.push_back(fmt::format("{}:{}: {}", name, line, what));
  };
  // Parses "[CODE]", "[CODE >970101]", "[CODE <970101]", "[CODE 970101-061231]".
  auto parse_code = [&](std::string_view text, int line) -> bool {
    size_t open = text.find('['), close = text.find(']', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      warn(line, "code without closing ']'");
      return false;
    }
    std::istringstream in{std::string(text.substr(open + 1, close - open - 1))};
    std::string code, dates;
    in >> code >> dates;
    if (!ValidCode(code)) {
      warn(line, fmt::format("'{}' is not an actor code", code));
      return false;
    }
    ActorRole role;
    role.code = code;
    if (!dates.empty()) {
      if (dates[0] == '>') role.from = PetrarchDate(std::string_view(dates).substr(1));
      else if (dates[0] == '<') role.to = PetrarchDate(std::string_view(dates).substr(1));
      else {
        size_t dash = dates.find('-');
        if (dash != std::string::npos) {
          role.from = PetrarchDate(std::string_view(dates).substr(0, dash));
          role.to = PetrarchDate(std::string_view(dates).substr(dash + 1));
          if (!role.from || !role.to) role.from.reset(), role.to.reset();
        }
      }
      if (!role.from && !role.to) {
        warn(line, fmt::format("bad date range '{}' for {}", dates, code));
        return false;
      }
    }
    block.roles.push_back(std::move(role));
    return true;
  };
  auto flush = [&]() {
    if (block.names.empty()) return;
    if (block.roles.empty()) {
      warn(block.line, fmt::format("'{}' has no code", block.names.front()));
      block = Block();
      return;
    }
    ActorEntry e;
    e.source = fmt::format("{}:{}", name, block.line);
    bool dated = std::any_of(block.roles.begin(), block.roles.end(),
                             [](const ActorRole& r) { return r.from || r.to; });
    if (dated || block.roles.size() > 1) {
      e.roles = block.roles;
      e.code = e.roles.back().code;
    } else {
      e.code = block.roles.front().code;
      e.is_country = e.code.size() == 3 && name.find("Countries") != std::string_view::npos;
      if (e.is_country) country_codes_.insert(e.code);
    }
    e.label = block.names.front();
    entries_.push_back(std::move(e));
    uint32_t index = static_cast<uint32_t>(entries_.size() - 1);
    PhraseKind kind = entries_.back().roles.empty() ? PhraseKind::kName : PhraseKind::kPerson;
    for (const std::string& n : block.names) {
      Status s = AddPhrase(n, index, kind, "", entries_.back().source, /*imported=*/true);
      if (!s.ok()) warn(block.line, s.message());
    }
    block = Block();
  };

  DYAD_RETURN_IF_ERROR(RefuseNul(content, name));
  CommentedLines lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    const int line_no = lines.number();
    if (line.front() == '[') {
      if (block.names.empty()) warn(line_no, "code line without a name before it");
      else parse_code(line, line_no);
      continue;
    }
    if (line.front() == '+') {
      if (block.names.empty()) {
        warn(line_no, "synonym without a name before it");
        continue;
      }
      std::string_view syn = line.substr(1);
      size_t bracket = syn.find('[');
      std::string phrase = PetrarchPhrase(syn.substr(0, bracket));
      if (!phrase.empty()) block.names.push_back(phrase);
      if (bracket != std::string_view::npos) parse_code(syn.substr(bracket), line_no);
      continue;
    }
    if (line.front() == '<' || line.front() == '&' || line.front() == '!') continue;  // TABARI directives
    flush();
    block.line = line_no;
    size_t bracket = line.find('[');
    std::string phrase = PetrarchPhrase(line.substr(0, bracket));
    if (phrase.empty()) {
      warn(line_no, "empty name");
      continue;
    }
    block.names.push_back(phrase);
    if (bracket != std::string_view::npos) parse_code(line.substr(bracket), line_no);
  }
  flush();
  if (entries_.size() == entries_before) return Status::InvalidArgument(fmt::format("{}: no actor entries found", name));
  return Status::Ok();
}

Status ActorDictionary::AddPetrarchAgents(std::string_view content, std::string_view name) {
  std::vector<std::pair<std::string, std::vector<std::string>>> macros;
  size_t phrases_before = phrases_.size();
  DYAD_RETURN_IF_ERROR(RefuseNul(content, name));
  CommentedLines lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    std::string where = fmt::format("{}:{}", name, lines.number());
    if (line.front() == '!' && line.find('=') != std::string_view::npos) {
      size_t eq = line.find('=');
      std::string key(Trim(line.substr(0, eq)));
      std::vector<std::string> alts;
      std::string rest(line.substr(eq + 1));
      std::replace(rest.begin(), rest.end(), ',', ' ');
      std::istringstream in(rest);
      std::string a;
      while (in >> a) alts.push_back(a);
      macros.emplace_back(key, alts);
      continue;
    }
    size_t open = line.find('['), close = line.find(']', open == std::string_view::npos ? 0 : open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      warnings_.push_back(where + ": agent line without [~CODE]");
      continue;
    }
    std::string code(Trim(line.substr(open + 1, close - open - 1)));
    code.erase(std::remove(code.begin(), code.end(), '~'), code.end());
    if (!ValidCode(code)) {
      warnings_.push_back(fmt::format("{}: '{}' is not a sector code", where, code));
      continue;
    }
    std::vector<std::string> forms;
    std::string_view head = line.substr(0, open);
    size_t brace = head.find('{');
    forms.push_back(PetrarchPhrase(head.substr(0, brace)));
    if (brace != std::string_view::npos) {
      size_t end = head.find('}', brace);
      std::string plurals(head.substr(brace + 1, end == std::string_view::npos ? std::string_view::npos : end - brace - 1));
      std::istringstream in(plurals);
      std::string p;
      while (in >> p) forms.push_back(PetrarchPhrase(p));
    }
    // Expand macros: "CATTLE!PERSON!" -> cattleman, cattlemen, ...
    for (const auto& [key, alts] : macros) {
      std::vector<std::string> expanded;
      for (const std::string& f : forms) {
        size_t at = f.find(key);
        if (at == std::string::npos) {
          expanded.push_back(f);
          continue;
        }
        for (const std::string& alt : alts) expanded.push_back(f.substr(0, at) + PetrarchPhrase(alt) + f.substr(at + key.size()));
      }
      forms.swap(expanded);
    }
    uint32_t sector = SectorIndex(code);
    for (const std::string& f : forms) {
      if (f.empty() || f.find('!') != std::string::npos) continue;
      Status s = AddPhrase(f, sector, PhraseKind::kAgent, "", where, /*imported=*/true);
      if (!s.ok()) warnings_.push_back(s.message());
    }
  }
  if (phrases_.size() == phrases_before && warnings_.empty())
    return Status::InvalidArgument(fmt::format("{}: no agent entries found", name));
  return Status::Ok();
}

uint32_t ActorDictionary::SectorIndex(const std::string& sector) {
  auto it = std::find(agent_sectors_.begin(), agent_sectors_.end(), sector);
  if (it != agent_sectors_.end()) return static_cast<uint32_t>(it - agent_sectors_.begin());
  agent_sectors_.push_back(sector);
  return static_cast<uint32_t>(agent_sectors_.size() - 1);
}

}  // namespace dyad
