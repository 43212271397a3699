// CoNLL-U reading, writing and scoring (see dyad/conllu.h).

#include "dyad/conllu.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "dyad/text.h"

namespace dyad {

namespace {

bool ParseUint(std::string_view s, uint32_t& out) {
  if (s.empty() || s.size() > 9) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status LineError(size_t line_no, const std::string& what) {
  return Status::InvalidArgument("line " + std::to_string(line_no) + ": " + what);
}

bool HasNoSpaceAfter(std::string_view misc) {
  size_t pos = 0;
  while (pos <= misc.size()) {
    size_t bar = misc.find('|', pos);
    if (bar == std::string_view::npos) bar = misc.size();
    if (misc.substr(pos, bar - pos) == "SpaceAfter=No") return true;
    pos = bar + 1;
  }
  return false;
}

// Validates the finished sentence; returns an error naming its first line.
Status FinishSentence(ConlluSentence& s, const ConlluReadOptions& options,
                      const std::vector<uint32_t>& word_line_nos) {
  const size_t n = s.words.size();
  for (size_t i = 0; i < n; ++i) {
    const std::string& h = s.word(i).cols[kColHead];
    if (h == "_" && !options.require_heads) continue;
    uint32_t v = 0;
    if (!ParseUint(h, v)) return LineError(word_line_nos[i], "HEAD '" + h + "' is not a number");
    if (v > n) return LineError(word_line_nos[i], "HEAD " + h + " is beyond the sentence's " +
                                                      std::to_string(n) + " words");
    if (v == i + 1) return LineError(word_line_nos[i], "a word is its own HEAD");
  }
  for (const ConlluLine& l : s.lines) {
    if (l.kind == ConlluLine::kMultiword && (l.last > n))
      return LineError(s.line_no, "multiword range " + l.cols[kColId] + " is beyond the sentence");
  }
  return Status::Ok();
}

}  // namespace

int ConlluSentence::Head(size_t i) const {
  const std::string& h = word(i).cols[kColHead];
  uint32_t v = 0;
  if (!ParseUint(h, v)) return -2;
  return static_cast<int>(v) - 1;
}

std::string_view UniversalRelation(std::string_view deprel) {
  size_t c = deprel.find(':');
  return c == std::string_view::npos ? deprel : deprel.substr(0, c);
}

Result<std::vector<ConlluSentence>> ParseConllu(std::string_view content,
                                                const ConlluReadOptions& options) {
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  std::vector<uint32_t> word_line_nos;
  uint32_t multiword_end = 0;  // last word id of the sentence's latest multiword range
  bool started = false;
  size_t line_no = 0;
  size_t pos = 0;
  auto flush = [&]() -> Status {
    if (started && !cur.words.empty()) {
      DYAD_RETURN_IF_ERROR(FinishSentence(cur, options, word_line_nos));
      out.push_back(std::move(cur));
    }
    cur = ConlluSentence();
    word_line_nos.clear();
    multiword_end = 0;
    started = false;
    return Status::Ok();
  };
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > options.max_line_bytes)
      return LineError(line_no, "line longer than " + std::to_string(options.max_line_bytes) + " bytes");
    if (!IsValidUtf8(line)) return LineError(line_no, "invalid UTF-8");
    if (line.find('\0') != std::string_view::npos) return LineError(line_no, "NUL byte");
    bool blank = true;
    for (char c : line)
      if (c != ' ' && c != '\t' && c != '\f' && c != '\v') { blank = false; break; }
    if (blank) {
      DYAD_RETURN_IF_ERROR(flush());
      continue;
    }
    if (!started) {
      started = true;
      cur.line_no = static_cast<uint32_t>(line_no);
    }
    if (line[0] == '#') {
      cur.comments.emplace_back(line);
      continue;
    }
    ConlluLine l;
    size_t c = 0, start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        if (c >= 10) return LineError(line_no, "more than 10 tab-separated columns");
        l.cols[c++] = std::string(line.substr(start, i - start));
        start = i + 1;
      }
    }
    if (c != 10)
      return LineError(line_no, "expected 10 tab-separated columns, got " + std::to_string(c));
    const std::string& id = l.cols[kColId];
    size_t dash = id.find('-'), dot = id.find('.');
    if (dash != std::string::npos) {
      l.kind = ConlluLine::kMultiword;
      if (!ParseUint(std::string_view(id).substr(0, dash), l.first) ||
          !ParseUint(std::string_view(id).substr(dash + 1), l.last) || l.first > l.last ||
          l.first != cur.words.size() + 1)
        return LineError(line_no, "bad multiword token range '" + id + "'");
      // A range that repeats or overlaps the previous one would give its
      // words twice (and misalign every annotation after them).
      if (l.first <= multiword_end)
        return LineError(line_no, "multiword token range '" + id + "' repeats or overlaps the previous one");
      multiword_end = l.last;
    } else if (dot != std::string::npos) {
      l.kind = ConlluLine::kEmpty;
      uint32_t a = 0, b = 0;
      if (!ParseUint(std::string_view(id).substr(0, dot), a) ||
          !ParseUint(std::string_view(id).substr(dot + 1), b) || a != cur.words.size())
        return LineError(line_no, "bad empty node id '" + id + "'");
    } else {
      uint32_t v = 0;
      if (!ParseUint(id, v)) return LineError(line_no, "bad word id '" + id + "'");
      if (v != cur.words.size() + 1)
        return LineError(line_no, "word id " + id + " out of sequence (expected " +
                                      std::to_string(cur.words.size() + 1) + ")");
      if (cur.words.size() >= options.max_words_per_sentence)
        return LineError(line_no, "sentence longer than " +
                                      std::to_string(options.max_words_per_sentence) + " words");
      cur.words.push_back(static_cast<uint32_t>(cur.lines.size()));
      word_line_nos.push_back(static_cast<uint32_t>(line_no));
    }
    cur.lines.push_back(std::move(l));
  }
  DYAD_RETURN_IF_ERROR(flush());
  return out;
}

Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path,
                                                   const ConlluReadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = ParseConllu(ss.str(), options);
  if (!r.ok()) return r.status().WithContext(path);
  return r;
}

namespace {

uint16_t FlagsFor(std::string_view form) {
  uint16_t f = 0;
  if (form.empty()) return f;
  unsigned char c0 = static_cast<unsigned char>(form[0]);
  bool digits = true, alpha_any = false, punct_all = true, upper_all = true, has_alpha = false;
  for (unsigned char c : form) {
    if (!(c >= '0' && c <= '9') && c != ',' && c != '.') digits = false;
    if (std::isalnum(c) || c >= 0x80) punct_all = false;
    if (std::isalpha(c)) {
      has_alpha = true;
      alpha_any = true;
      if (!std::isupper(c)) upper_all = false;
    }
  }
  if (digits && std::isdigit(c0)) f |= kTokNumber;
  else if (punct_all) f |= kTokPunct;
  else f |= kTokWord;
  if (std::isupper(c0)) f |= kTokCapitalised;
  if (has_alpha && upper_all && alpha_any && form.size() > 1) f |= kTokAllCaps;
  if (form == "\"" || form == "'" || form == "``" || form == "''") f |= kTokQuote;
  return f;
}

void CopyGold(const ConlluLine& l, Token& t) {
  auto col = [&](int c) { return l.cols[c] == "_" ? std::string() : l.cols[c]; };
  t.lemma = (l.cols[kColLemma] == "_" && l.cols[kColForm] != "_") ? std::string() : l.cols[kColLemma];
  t.upos = col(kColUpos);
  t.xpos = col(kColXpos);
  t.feats = col(kColFeats);
  t.deprel = col(kColDeprel);
  uint32_t h = 0;
  if (ParseUint(l.cols[kColHead], h)) t.head = static_cast<int32_t>(h) - 1;
  else t.head = -1;
}

}  // namespace

Document ConlluToDocument(const std::vector<ConlluSentence>& sentences, size_t begin, size_t end) {
  Document doc;
  doc.language = "en";
  end = std::min(end, sentences.size());
  bool first_sentence = true;
  for (size_t si = begin; si < end; ++si) {
    const ConlluSentence& s = sentences[si];
    bool newpar = doc.paragraphs.empty();
    for (const std::string& c : s.comments) {
      if (c.rfind("# newpar", 0) == 0) newpar = true;
      if (c.rfind("# newdoc id =", 0) == 0 && doc.id.empty()) {
        std::string_view v = std::string_view(c).substr(13);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        doc.id = std::string(v);
      }
    }
    if (!first_sentence) {
      doc.text += newpar ? "\n\n" : " ";
      if (newpar) doc.paragraphs.back().span.end = doc.sentences.back().span.end;
    }
    if (newpar) doc.paragraphs.push_back(Paragraph{Span{uint32_t(doc.text.size()), 0}});
    first_sentence = false;
    Sentence sent;
    sent.paragraph = static_cast<uint32_t>(doc.paragraphs.size() - 1);
    sent.token_begin = static_cast<uint32_t>(doc.tokens.size());
    sent.span.begin = static_cast<uint32_t>(doc.text.size());
    uint32_t mwt_end = 0;  // last word id covered by the current multiword token
    for (size_t li = 0; li < s.lines.size(); ++li) {
      const ConlluLine& l = s.lines[li];
      if (l.kind == ConlluLine::kEmpty) continue;
      if (l.kind == ConlluLine::kMultiword) {
        // Sentences not from ParseConllu may repeat a range: its words are
        // already tokens, and one token per word keeps annotations aligned.
        const size_t next_word = doc.tokens.size() - sent.token_begin + 1;
        if (l.first != next_word || l.first > l.last || l.last > s.size()) continue;
        const std::string& form = l.cols[kColForm];
        const uint32_t tb = static_cast<uint32_t>(doc.text.size());
        doc.text += form;
        const uint32_t te = static_cast<uint32_t>(doc.text.size());
        // Do the words spell the token?
        std::string joined;
        for (uint32_t w = l.first; w <= l.last; ++w) joined += s.word(w - 1).cols[kColForm];
        const bool exact = joined == form;
        uint32_t off = tb;
        for (uint32_t w = l.first; w <= l.last; ++w) {
          const ConlluLine& wl = s.word(w - 1);
          Token t;
          if (exact) {
            t.span = Span{off, off + uint32_t(wl.cols[kColForm].size())};
            off = t.span.end;
          } else {
            t.span = (w == l.first) ? Span{tb, te} : Span{te, te};
          }
          t.norm = FoldTypography(wl.cols[kColForm]);
          t.lower = Lowercase(t.norm);
          t.flags = FlagsFor(wl.cols[kColForm]);
          CopyGold(wl, t);
          doc.tokens.push_back(std::move(t));
        }
        mwt_end = l.last;
        if (l.last < s.size() && !HasNoSpaceAfter(l.cols[kColMisc])) {
          doc.text += ' ';
          doc.tokens.back().flags |= kTokSpaceAfter;
        }
        continue;
      }
      // A word line: skip words inside a multiword token (already added).
      uint32_t id = 0;
      ParseUint(l.cols[kColId], id);
      if (id <= mwt_end) continue;
      Token t;
      const std::string& form = l.cols[kColForm];
      t.span.begin = static_cast<uint32_t>(doc.text.size());
      doc.text += form;
      t.span.end = static_cast<uint32_t>(doc.text.size());
      t.norm = FoldTypography(form);
      t.lower = Lowercase(t.norm);
      t.flags = FlagsFor(form);
      CopyGold(l, t);
      if (id < s.size() && !HasNoSpaceAfter(l.cols[kColMisc])) {
        doc.text += ' ';
        t.flags |= kTokSpaceAfter;
      }
      doc.tokens.push_back(std::move(t));
    }
    sent.token_end = static_cast<uint32_t>(doc.tokens.size());
    // Trailing space of a SpaceAfter=No-less last word is not added, so the
    // sentence ends at its last character.
    sent.span.end = static_cast<uint32_t>(doc.text.size());
    while (sent.span.end > sent.span.begin && doc.text[sent.span.end - 1] == ' ') --sent.span.end;
    if (sent.token_end > sent.token_begin) doc.tokens[sent.token_begin].flags |= newpar ? kTokParagraphStart : 0;
    doc.sentences.push_back(sent);
  }
  if (!doc.paragraphs.empty() && !doc.sentences.empty())
    doc.paragraphs.back().span.end = doc.sentences.back().span.end;
  doc.raw = doc.text;
  return doc;
}

std::vector<Document> ConlluToDocuments(const std::vector<ConlluSentence>& sentences,
                                        size_t max_sentences_per_doc) {
  std::vector<Document> docs;
  size_t start = 0;
  for (size_t i = 0; i <= sentences.size(); ++i) {
    bool cut = i == sentences.size();
    if (!cut && i > start) {
      if (max_sentences_per_doc && i - start >= max_sentences_per_doc) cut = true;
      for (const std::string& c : sentences[i].comments)
        if (c.rfind("# newdoc", 0) == 0) cut = true;
    }
    if (cut && i > start) {
      docs.push_back(ConlluToDocument(sentences, start, i));
      start = i;
    }
  }
  return docs;
}

namespace {

void WriteLine(const std::array<std::string, 10>& cols, std::ostream& out) {
  for (int c = 0; c < 10; ++c) {
    if (c) out << '\t';
    out << cols[c];
  }
  out << '\n';
}

std::string Clean(const std::string& s) {
  if (s.empty()) return "_";
  std::string r = s;
  for (char& c : r)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return r;
}

}  // namespace

void WriteConlluSentences(const std::vector<ConlluSentence>& sentences, std::ostream& out) {
  for (const ConlluSentence& s : sentences) {
    for (const std::string& c : s.comments) out << c << '\n';
    for (const ConlluLine& l : s.lines) WriteLine(l.cols, out);
    out << '\n';
  }
}

void WriteConlluWithAnnotation(const std::vector<ConlluSentence>& sentences,
                               const std::vector<Document>& docs, std::ostream& out) {
  size_t di = 0, dsi = 0;
  for (const ConlluSentence& s : sentences) {
    while (di < docs.size() && dsi >= docs[di].sentences.size()) {
      ++di;
      dsi = 0;
    }
    const Document* doc = di < docs.size() ? &docs[di] : nullptr;
    const Sentence* ds = doc ? &doc->sentences[dsi++] : nullptr;
    for (const std::string& c : s.comments) out << c << '\n';
    size_t w = 0;
    for (const ConlluLine& l : s.lines) {
      if (l.kind != ConlluLine::kWord) {
        WriteLine(l.cols, out);
        continue;
      }
      std::array<std::string, 10> cols = l.cols;
      if (ds && w < ds->size()) {
        const Token& t = doc->tokens[ds->token_begin + w];
        cols[kColLemma] = Clean(t.lemma);
        cols[kColUpos] = Clean(t.upos);
        cols[kColXpos] = Clean(t.xpos);
        // assign(1, '_') rather than = "_": GCC 12 warns (-Wrestrict, a known
        // false positive) on const char* assignment into array elements here.
        cols[kColFeats].assign(1, '_');
        if (t.deprel.empty()) cols[kColHead].assign(1, '_');
        else cols[kColHead] = std::to_string(t.head < 0 ? 0 : t.head + 1);
        cols[kColDeprel] = Clean(t.deprel);
        cols[kColDeps].assign(1, '_');
      }
      ++w;
      WriteLine(cols, out);
    }
    out << '\n';
  }
}

Result<ParseScores> ScoreConllu(const std::vector<ConlluSentence>& gold,
                                const std::vector<ConlluSentence>& pred) {
  ParseScores sc;
  size_t ng = 0, np = 0;
  for (const auto& s : gold) ng += s.size();
  for (const auto& s : pred) np += s.size();
  for (size_t i = 0; i < std::max(gold.size(), pred.size()); ++i) {
    if (i >= gold.size() || i >= pred.size() || gold[i].size() != pred[i].size()) {
      std::ostringstream m;
      m << "MISMATCH: words gold=" << ng << " pred=" << np << ", sentences gold=" << gold.size()
        << " pred=" << pred.size() << "; first mismatching sentence: #" << (i + 1);
      if (i < gold.size()) m << " (gold from line " << gold[i].line_no << ", " << gold[i].size() << " words)";
      if (i < pred.size()) m << " (pred from line " << pred[i].line_no << ", " << pred[i].size() << " words)";
      return Status::InvalidArgument(m.str());
    }
  }
  sc.sentences = gold.size();
  sc.words = ng;
  for (size_t i = 0; i < gold.size(); ++i) {
    for (size_t w = 0; w < gold[i].size(); ++w) {
      const auto& g = gold[i].word(w).cols;
      const auto& p = pred[i].word(w).cols;
      if (g[kColForm] != p[kColForm]) {
        if (sc.form_mismatches++ == 0)
          sc.first_form_mismatch = "sentence " + std::to_string(i + 1) + " word " + g[kColId] +
                                   ": gold '" + g[kColForm] + "' vs pred '" + p[kColForm] + "'";
      }
      sc.upos += g[kColUpos] == p[kColUpos];
      sc.xpos += g[kColXpos] == p[kColXpos];
      sc.lemma += g[kColLemma] == p[kColLemma];
      const bool head_ok = g[kColHead] == p[kColHead];
      sc.uas += head_ok;
      sc.las += head_ok && UniversalRelation(g[kColDeprel]) == UniversalRelation(p[kColDeprel]);
    }
  }
  return sc;
}

}  // namespace dyad
