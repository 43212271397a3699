#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "core/dict_reader.h"
#include "dyad/events.h"

namespace dyad {

namespace {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

Status CameoTable::AddText(std::string_view content, std::string_view name) {
  // Rows are not `field: value` lines, so this format reads lines itself but
  // shares the header conventions (magic, @meta, comments).
  DictReader header(content, name);
  DYAD_RETURN_IF_ERROR(header.ExpectMagic("@dyad-cameo", 1));
  bool seen_magic = false;
  CommentedLines lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    std::string where = fmt::format("{}:{}", name, lines.number());
    if (line.front() == '@') {
      if (!seen_magic) { seen_magic = true; continue; }
      for (auto [word, stance] : {std::pair{"@intent ", Stance::kIntent}, std::pair{"@threat ", Stance::kThreat},
                                  std::pair{"@refusal ", Stance::kRefusal}}) {
        std::string_view w(word);
        if (line.substr(0, w.size()) != w) continue;
        std::istringstream in{std::string(line.substr(w.size()))};
        std::string from, to;
        in >> from >> to;
        if (!AllDigits(from) || !AllDigits(to) || to.size() < 2)
          return Status::InvalidArgument(where + ": " + std::string(Trim(w)) + " needs 'CODE-PREFIX CODE'");
        transforms_[static_cast<int>(stance)][from] = to;
      }
      if (line.substr(0, 6) == "@quad ") {
        std::istringstream in{std::string(line.substr(6))};
        std::string range;
        int quad = 0;
        in >> range >> quad;
        size_t dash = range.find('-');
        if (dash == std::string::npos || quad < 1 || quad > 4)
          return Status::InvalidArgument(where + ": @quad needs 'RR-RR Q' with Q in 1..4");
        int lo = std::atoi(range.substr(0, dash).c_str()), hi = std::atoi(range.substr(dash + 1).c_str());
        if (lo < 1 || hi > 20 || lo > hi) return Status::InvalidArgument(where + ": bad root range " + range);
        for (int r = lo; r <= hi; ++r) quad_by_root_[fmt::format("{:02d}", r)] = quad;
      }
      continue;
    }
    std::istringstream in{std::string(line)};
    CameoInfo info;
    std::string gold, plover;
    in >> info.code >> gold >> plover;
    std::getline(in, info.name);
    info.name = std::string(Trim(info.name));
    if (!AllDigits(info.code) || info.code.size() < 2 || info.code.size() > 4)
      return Status::InvalidArgument(fmt::format("{}: '{}' is not a CAMEO code", where, info.code));
    auto [p, ec] = std::from_chars(gold.data(), gold.data() + gold.size(), info.goldstein);
    if (ec != std::errc() || p != gold.data() + gold.size() || info.goldstein < -10 || info.goldstein > 10)
      return Status::InvalidArgument(fmt::format("{}: Goldstein value '{}' is not a number in -10..10", where, gold));
    if (plover != "-") {
      size_t s1 = plover.find('/');
      info.plover = plover.substr(0, s1);
      if (s1 != std::string::npos) {
        size_t s2 = plover.find('/', s1 + 1);
        info.plover_mode = plover.substr(s1 + 1, s2 == std::string::npos ? std::string::npos : s2 - s1 - 1);
        if (s2 != std::string::npos) info.plover_context = plover.substr(s2 + 1);
      }
    }
    if (info.name.empty()) return Status::InvalidArgument(where + ": missing name");
    auto q = quad_by_root_.find(info.code.substr(0, 2));
    if (q == quad_by_root_.end()) return Status::InvalidArgument(where + ": no @quad covers root " + info.code.substr(0, 2));
    info.quad_class = q->second;
    if (!rows_.emplace(info.code, info).second)
      return Status::InvalidArgument(fmt::format("{}: code {} listed twice", where, info.code));
  }
  for (const auto& table : transforms_)
    for (const auto& [from, to] : table)
      if (!rows_.count(to))
        return Status::InvalidArgument(fmt::format("{}: intent/threat/refusal target {} is not a listed code", name, to));
  return Status::Ok();
}

std::string CameoTable::Transform(std::string_view code, Stance stance) const {
  const auto& table = transforms_[static_cast<int>(stance)];
  std::string c(code);
  while (c.size() >= 2) {
    auto it = table.find(c);
    if (it != table.end()) return it->second;
    c.pop_back();
  }
  return "";
}

const CameoInfo* CameoTable::Find(std::string_view code) const {
  std::string c(code);
  while (c.size() >= 2) {
    auto it = rows_.find(c);
    if (it != rows_.end()) return &it->second;
    c.pop_back();
  }
  return nullptr;
}

Result<std::shared_ptr<const CameoTable>> CameoTable::LoadBuiltin(const std::string& data_dir) {
  auto content = ReadWholeFile(data_dir + "/events/cameo.txt");
  if (!content.ok()) return content.status();
  auto table = std::make_shared<CameoTable>();
  DYAD_RETURN_IF_ERROR(table->AddText(*content, "cameo.txt"));
  return std::shared_ptr<const CameoTable>(std::move(table));
}

Status PatternDictionary::AddText(std::string_view content, std::string_view name) {
  DictReader reader(content, name);
  DYAD_RETURN_IF_ERROR(reader.ExpectMagic("@dyad-patterns", 1));
  // Settings of the current entry apply to all its triggers, wherever they
  // appear in the entry, so they are patched in when the entry ends.
  size_t entry_first = patterns_.size();
  std::string code, label;
  TargetRule target = TargetRule::kObject;
  std::vector<std::string> preps;
  bool symmetric = false, asserted = false;
  auto finish_entry = [&]() {
    for (size_t i = entry_first; i < patterns_.size(); ++i) {
      patterns_[i].target = target;
      patterns_[i].target_preps = preps;
      patterns_[i].symmetric = symmetric;
      patterns_[i].nominal_asserted = asserted;
    }
    entry_first = patterns_.size();
    target = TargetRule::kObject;
    preps.clear();
    symmetric = asserted = false;
  };
  DictLine line;
  while (reader.Next(line)) {
    std::string where = fmt::format("{}:{}", name, line.number);
    if (line.kind == DictLine::kMeta) continue;
    if (line.kind == DictLine::kHeader) {
      finish_entry();
      size_t sp = line.header.find(' ');
      code = line.header.substr(0, sp);
      label = sp == std::string::npos ? code : std::string(Trim(std::string_view(line.header).substr(sp)));
      if (!AllDigits(code) || code.size() < 2 || code.size() > 4)
        return Status::InvalidArgument(fmt::format("{}: entry must start with a CAMEO code, found '{}'", where, code));
      continue;
    }
    if (code.empty()) return Status::InvalidArgument(where + ": field before any [CODE label] entry");
    if (line.key == "verb" || line.key == "noun") {
      for (const std::string& alt : line.values) {
        EventPattern p;
        p.id = where;
        p.code = code;
        p.label = label;
        p.nominal = line.key == "noun";
        p.text = alt;
        std::istringstream words(alt);
        std::string w;
        while (words >> w) p.words.push_back({w});
        if (p.words.front()[0] == "*" || p.words.back()[0] == "*")
          return Status::InvalidArgument(where + ": a pattern cannot start or end with '*': " + alt);
        if (std::count_if(p.words.begin(), p.words.end(), [](const auto& w) { return w[0] == "*"; }) >
            static_cast<std::ptrdiff_t>(kMaxPatternGaps))
          return Status::InvalidArgument(where + ": a pattern has at most " + std::to_string(kMaxPatternGaps) +
                                         " '*' gaps: " + alt);
        by_first_[p.words.front()[0]].push_back(static_cast<uint32_t>(patterns_.size()));
        patterns_.push_back(std::move(p));
      }
    } else if (line.key == "target") {
      std::istringstream in(line.value);
      std::string kind;
      in >> kind;
      if (kind == "object") target = TargetRule::kObject;
      else if (kind == "none") target = TargetRule::kNone;
      else if (kind == "prep") {
        target = TargetRule::kPrep;
        std::string prep;
        while (in >> prep) preps.push_back(prep);
        if (preps.empty()) return Status::InvalidArgument(where + ": 'target: prep' needs prepositions");
      } else {
        return Status::InvalidArgument(where + ": target must be object, none or prep WORD...");
      }
    } else if (line.key == "symmetric") {
      symmetric = line.value == "yes";
    } else if (line.key == "nominal") {
      if (line.value != "asserted" && line.value != "needs-realis")
        return Status::InvalidArgument(where + ": nominal must be 'asserted' or 'needs-realis'");
      asserted = line.value == "asserted";
    } else if (line.key != "note") {
      return Status::InvalidArgument(fmt::format("{}: unknown field '{}'", where, line.key));
    }
  }
  finish_entry();
  return reader.status();
}

const std::vector<uint32_t>* PatternDictionary::ByFirstLemma(std::string_view lemma) const {
  auto it = by_first_.find(lemma);
  return it == by_first_.end() ? nullptr : &it->second;
}

Result<std::shared_ptr<const PatternDictionary>> PatternDictionary::LoadBuiltin(const std::string& data_dir) {
  auto content = ReadWholeFile(data_dir + "/events/patterns.txt");
  if (!content.ok()) return content.status();
  auto dict = std::make_shared<PatternDictionary>();
  DYAD_RETURN_IF_ERROR(dict->AddText(*content, "patterns.txt"));
  return std::shared_ptr<const PatternDictionary>(std::move(dict));
}

}  // namespace dyad
