// Importer for PETRARCH verb-pattern dictionaries (CAMEO.verbpatterns):
//
//   &SYNSET_              synonym sets used in patterns as &SYNSET
//   +WORD
//   --- ABANDON [080] --- a verb class and its default code
//   ABANDON               the verbs of the class (irregular forms in {...})
//   - * HEADQUARTERS [0874] # comment      patterns: * is the verb, + the
//                                          target, $ the source, ^ a skip
//
// dyad's coder anchors patterns on the verb, so only what follows the verb is
// imported; patterns whose words before the verb matter ("SAID + MUST *") and
// [---] (no event) patterns are skipped and counted.
#include <fmt/format.h>

#include <map>
#include <sstream>

#include "core/dict_reader.h"
#include "dyad/events.h"
#include "dyad/text.h"

namespace dyad {

namespace {

std::string Words(std::string_view raw) { return Lowercase(PetrarchPhrase(raw)); }

bool IsMarker(const std::string& t) { return t == "+" || t == "$" || t == "^" || t == "%"; }

}  // namespace

Status PatternDictionary::AddPetrarchVerbPatterns(std::string_view content, std::string_view name,
                                                  PetrarchImportStats* stats) {
  PetrarchImportStats local;
  PetrarchImportStats& st = stats ? *stats : local;
  std::map<std::string, std::vector<std::string>> synsets;
  std::string current_synset;
  std::string class_code;
  std::vector<std::string> verbs;  // of the current class
  // Pattern lines are kept until the class ends, since the verbs come first
  // but a class may be cut by comments.
  auto add = [&](const std::vector<std::vector<std::string>>& tail, const std::string& code, int line) {
    for (const std::string& verb : verbs) {
      EventPattern p;
      p.id = fmt::format("{}:{}", name, line);
      p.code = code;
      p.label = "PETRARCH " + class_code;
      p.text = verb;
      std::istringstream in(verb);
      std::string w;
      while (in >> w) p.words.push_back({w});
      if (p.words.empty()) continue;
      if (!tail.empty()) p.words.push_back({"*"});
      for (const auto& alts : tail) {
        if (alts.size() == 1 && alts[0] == "*") {
          if (p.words.back()[0] != "*") p.words.push_back({"*"});
          continue;
        }
        p.words.push_back(alts);
      }
      while (!p.words.empty() && p.words.back()[0] == "*") p.words.pop_back();
      // A "verb" that is only a gap marker (malformed file) anchors nothing.
      if (p.words.empty() || p.words.front()[0] == "*") {
        st.warnings.push_back(fmt::format("{}:{}: verb '{}' is not a word", name, line, verb));
        continue;
      }
      size_t gaps = 0;
      for (const auto& alts : p.words) gaps += alts.size() == 1 && alts[0] == "*";
      if (gaps > kMaxPatternGaps) {  // matching would back off 5^gaps ways
        st.warnings.push_back(fmt::format("{}:{}: pattern with {} gaps skipped (at most {})", name, line, gaps,
                                          kMaxPatternGaps));
        ++st.skipped;
        continue;
      }
      p.text.clear();
      for (const auto& alts : p.words) {
        if (!p.text.empty()) p.text += " ";
        for (size_t a = 0; a < alts.size() && a < 4; ++a) p.text += (a ? "|" : "") + alts[a];
        if (alts.size() > 4) p.text += "|...";
      }
      p.target = TargetRule::kObject;
      for (const std::string& first : p.words.front()) by_first_[first].push_back(static_cast<uint32_t>(patterns_.size()));
      patterns_.push_back(std::move(p));
      ++st.patterns;
    }
  };

  DYAD_RETURN_IF_ERROR(RefuseNul(content, name));
  CommentedLines lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    const int line_no = lines.number();
    if (line.front() == '&') {
      current_synset = std::string(Trim(line));
      while (!current_synset.empty() && current_synset.back() == '_') current_synset.pop_back();
      synsets[current_synset];
      continue;
    }
    if (line.front() == '+' && !current_synset.empty() && class_code.empty()) {
      synsets[current_synset].push_back(Words(line.substr(1)));
      continue;
    }
    if (line.rfind("---", 0) == 0) {
      current_synset.clear();
      verbs.clear();
      size_t open = line.find('['), close = line.find(']');
      if (open == std::string_view::npos || close == std::string_view::npos) {
        st.warnings.push_back(fmt::format("{}:{}: verb class without [code]", name, line_no));
        class_code = "---";
        continue;
      }
      class_code = std::string(Trim(line.substr(open + 1, close - open - 1)));
      continue;
    }
    if (class_code.empty()) continue;  // synset section
    if (line.front() == '-') {
      size_t open = line.rfind('['), close = line.rfind(']');
      if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        st.warnings.push_back(fmt::format("{}:{}: pattern without [code]", name, line_no));
        continue;
      }
      std::string code(Trim(line.substr(open + 1, close - open - 1)));
      code = code.substr(0, code.find(':'));
      if (code == "---" || code.empty() || code.find_first_not_of("0123456789") != std::string::npos) {
        ++st.skipped;
        continue;
      }
      std::istringstream in{std::string(line.substr(1, open - 1))};
      std::vector<std::string> tokens;
      std::string t;
      while (in >> t) tokens.push_back(t);
      size_t star = 0;
      while (star < tokens.size() && tokens[star] != "*") ++star;
      bool words_before = false;
      for (size_t k = 0; k < star && k < tokens.size(); ++k) words_before = words_before || !IsMarker(tokens[k]);
      if (star == tokens.size() || words_before) {
        ++st.skipped;  // the verb's left context matters: not expressible here
        continue;
      }
      std::vector<std::vector<std::string>> tail;
      for (size_t k = star + 1; k < tokens.size(); ++k) {
        if (IsMarker(tokens[k])) {
          tail.push_back({"*"});
          continue;
        }
        if (tokens[k][0] == '&') {
          std::string key = tokens[k];
          while (!key.empty() && key.back() == '_') key.pop_back();
          auto it = synsets.find(key);
          if (it == synsets.end() || it->second.empty()) {
            st.warnings.push_back(fmt::format("{}:{}: unknown synonym set {}", name, line_no, tokens[k]));
            tail.clear();
            break;
          }
          std::vector<std::string> alts;
          for (const std::string& a : it->second)
            if (a.find(' ') == std::string::npos) alts.push_back(a);  // one-word members only
          if (alts.empty()) {
            tail.clear();
            break;
          }
          tail.push_back(alts);
          continue;
        }
        std::string w = Words(tokens[k]);
        std::istringstream ws(w);
        std::string part;
        while (ws >> part) tail.push_back({part});
      }
      if (tail.empty()) {
        ++st.skipped;
        continue;
      }
      add(tail, code, line_no);
      continue;
    }
    // A verb of the class, maybe with irregular forms: DEFER {DEFERS DEFERRED}
    std::string_view verb_part = line;
    std::vector<std::string> forms;
    size_t brace = line.find('{');
    if (brace != std::string_view::npos) {
      verb_part = line.substr(0, brace);
      size_t end = line.find('}', brace);
      std::istringstream in{std::string(line.substr(brace + 1, end == std::string_view::npos ? std::string_view::npos : end - brace - 1))};
      std::string f;
      while (in >> f) forms.push_back(Words(f));
    }
    std::string verb = Words(verb_part);
    if (verb.empty()) continue;
    std::vector<std::string> new_verbs{verb};
    for (const std::string& f : forms) new_verbs.push_back(f);
    // The class default applies to the bare verb.
    std::vector<std::string> saved;
    saved.swap(verbs);
    verbs = new_verbs;
    if (class_code != "---" && class_code.find_first_not_of("0123456789") == std::string::npos) add({}, class_code, line_no);
    saved.insert(saved.end(), new_verbs.begin(), new_verbs.end());
    verbs.swap(saved);
  }
  if (patterns_.empty()) return Status::InvalidArgument(fmt::format("{}: no verb patterns found", name));
  return Status::Ok();
}

}  // namespace dyad
