// The learned event coder: candidates -> type classifier -> role ranker ->
// CAMEO code, cue logic, relevance, date (model.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "eventml/model.h"

namespace dyad::eventml {

namespace {

// The CAMEO root of each PLOVER type, when nothing more specific is known.
constexpr std::array<std::string_view, kNumTypes> kRootCode = {
    "", "03", "04", "05", "08", "06", "07", "087", "10", "11", "12", "13", "14", "16", "15", "17", "18"};

// Types whose actor states its own future act as the event itself (an
// intent, a threat, a refusal, an announced concession): "will", "would",
// "to" do not make them future or hypothetical.
bool StanceType(int type) {
  std::string_view t = kTypes[type];
  return t == "AGREE" || t == "THREATEN" || t == "REJECT" || t == "CONCEDE";
}

struct RoleChoice {
  int k = -1;  // actor index, -1 = none
  float score = 0;
};

class SentenceML {
 public:
  SentenceML(const EventModel& model, const PatternDictionary& patterns, const CameoTable& cameo, Document& doc,
             const coder::SentenceContext& ctx, uint32_t si, const CodeOptions& options)
      : model_(model), patterns_(patterns), cameo_(cameo), doc_(doc), ctx_(ctx), options_(options),
        fx_(&model.lexicon, &model.clusters, &cameo),
        view_(doc, si, ctx.actors[si], ctx.guessed.empty() ? nullptr : &ctx.guessed) {
    if (options.explain) sink_.names = &names_;
  }

  void Run() {
    for (const Candidate& c : fx_.Candidates(view_, patterns_)) {
      sink_.Clear();
      fx_.TypeFeatures(view_, c, sink_);
      float sc[kNumTypes] = {};
      model_.types.Score(sink_.keys.data(), sink_.keys.size(), sc);
      int best = 1;
      for (int t = 2; t < kNumTypes; ++t)
        if (sc[t] > sc[best]) best = t;
      const float margin = (sc[best] - sc[0]) * model_.types.scale();
      if (margin <= std::max(model_.settings.threshold, options_.min_margin)) continue;
      Emit(c, best, margin);
    }
  }

 private:
  float RoleScore(const Candidate& c, int type, Role role, int k) {
    role_sink_.Clear();
    fx_.RoleFeatures(view_, c, type, role, k, role_sink_);
    float s[2] = {};
    model_.roles.Score(role_sink_.keys.data(), role_sink_.keys.size(), s);
    return s[1] - s[0];
  }
  RoleChoice BestRole(const Candidate& c, int type, Role role, std::pair<size_t, size_t> exclude) {
    RoleChoice best{-1, RoleScore(c, type, role, -1)};
    for (size_t k = 0; k < view_.actors.size(); ++k) {
      if (k >= exclude.first && k <= exclude.second) continue;
      const Mention* m = view_.actors[k];
      if (m->token_begin < c.te && c.tb < m->token_end) continue;  // the trigger itself
      float s = RoleScore(c, type, role, static_cast<int>(k));
      if (s > best.score) best = {static_cast<int>(k), s};
    }
    return best;
  }

  // The CAMEO code: the pattern's (after its stance) when it codes this
  // type, else the training data's most frequent one for the type and lemma,
  // else the type's; always one whose PLOVER type is the classifier's.
  std::string CameoCode(const Candidate& c, int type, const Event& e, const coder::StanceCues& st,
                        std::string* how) const {
    auto agrees = [&](const std::string& code) {
      const CameoInfo* info = cameo_.Find(code);
      return info && info->plover == kTypes[type];
    };
    if (c.match) {
      const std::string& pc = c.match->pattern->code;
      std::string staged;
      if (e.polarity == Polarity::kNegated && !st.refusal.empty()) {
        staged = cameo_.Transform(pc, CameoTable::Stance::kRefusal);
        if (staged.empty()) staged = "120";
      } else if (!st.threat.empty()) {
        staged = cameo_.Transform(pc, CameoTable::Stance::kThreat);
        if (staged.empty()) staged = "130";
      } else if (!st.intent.empty()) {
        const CameoInfo* info = cameo_.Find(pc);
        staged = cameo_.Transform(pc, info && info->quad_class >= 3 ? CameoTable::Stance::kThreat
                                                                     : CameoTable::Stance::kIntent);
      }
      if (!staged.empty() && agrees(staged)) {
        *how = "pattern " + c.match->pattern->id + " (" + pc + ") with its stance";
        return staged;
      }
      if (agrees(pc)) {
        *how = "pattern " + c.match->pattern->id;
        return pc;
      }
    }
    auto it = model_.cameo_by_lemma.find(EventModel::LemmaKey(type, coder::LemmaOf(doc_.tokens[c.tok])));
    if (it != model_.cameo_by_lemma.end() && agrees(it->second)) {
      *how = "training data (type and lemma)";
      return it->second;
    }
    if (agrees(model_.cameo_by_type[type])) {
      *how = "training data (type)";
      return model_.cameo_by_type[type];
    }
    *how = "type root";
    return std::string(kRootCode[type]);
  }

  std::string TopFeatures(int type) const {
    std::vector<std::pair<float, size_t>> contrib;
    for (size_t i = 0; i < sink_.keys.size(); ++i) {
      float s[kNumTypes] = {};
      model_.types.Score(&sink_.keys[i], 1, s);
      float d = (s[type] - s[0]) * model_.types.scale();
      if (d != 0) contrib.emplace_back(d, i);
    }
    std::sort(contrib.begin(), contrib.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string out;
    for (size_t i = 0; i < contrib.size() && i < 6; ++i)
      out += fmt::format("{}{} {:+.2f}", i ? ", " : "", names_[contrib[i].second], contrib[i].first);
    if (!contrib.empty() && contrib.back().first < 0)
      out += fmt::format("; against: {} {:+.2f}", names_[contrib.back().second], contrib.back().first);
    return out;
  }

  void Emit(const Candidate& c, int type, float margin) {
    const uint32_t si = view_.si;
    const std::vector<const Mention*>& actors = view_.actors;
    RoleChoice src = BestRole(c, type, kSource, {SIZE_MAX, SIZE_MAX});
    std::pair<size_t, size_t> src_group = {SIZE_MAX, SIZE_MAX};
    if (src.k >= 0) src_group = coder::CoordinatedRange(doc_, actors, static_cast<size_t>(src.k));
    RoleChoice tgt = BestRole(c, type, kTarget, src_group);
    if (model_.settings.relevance) {
      // A politically relevant actor on one side, or a type that allows
      // non-state actors (protesters, gunmen).
      bool ok = (src.k >= 0 && PoliticallyRelevant(*actors[src.k])) ||
                (tgt.k >= 0 && PoliticallyRelevant(*actors[tgt.k]));
      std::string_view t = kTypes[type];
      if (!ok && (t == "PROTEST" || t == "ASSAULT")) ok = src.k >= 0 || tgt.k >= 0;
      if (!ok) return;
    }
    Event proto;
    proto.sentence = si;
    proto.trigger = {doc_.tokens[c.tb].span.begin, doc_.tokens[c.te - 1].span.end};
    const uint32_t cs = coder::ClauseStart(doc_, view_.first, c.tb);
    coder::TriggerCue cue{c.tb, c.te, c.nominal,
                          !(model_.settings.nouns_need_occurrence || options_.nouns_need_occurrence),
                          c.match ? std::string_view(c.match->pattern->code) : kRootCode[type]};
    const bool occurs = coder::MarkModality(doc_, view_.first, view_.last, cue, cs, proto);
    coder::StanceCues st = coder::FindStance(doc_, view_.first, cue, cs);
    // The actor's own intent, threat, refusal or announced concession is the
    // event itself, as the rule coder's stance transform has it.
    if (StanceType(type) && proto.modality != Modality::kQuestion &&
        (!st.intent.empty() || !st.threat.empty() || !st.refusal.empty() || proto.modality == Modality::kFuture)) {
      std::string cue_words = !st.refusal.empty() ? "refusal: " + st.refusal
                              : !st.threat.empty() ? "threat: " + st.threat
                              : !st.intent.empty() ? "intent: " + st.intent
                                                   : "intent: " + proto.modality_cue;
      if (!(proto.modality == Modality::kHypothetical && st.intent.empty() && st.threat.empty() && st.refusal.empty())) {
        proto.modality = Modality::kActual;
        if (!st.refusal.empty() && kTypes[type] == "REJECT") proto.polarity = Polarity::kAsserted;
        proto.modality_cue = cue_words;
      }
    }
    if (!options_.keep_all && !proto.asserted_actual()) return;
    coder::DateEvent(*ctx_.dates, si, c.tok, proto);
    if (c.nominal && !occurs && proto.date.empty() && !options_.keep_all && options_.told_types &&
        std::find(options_.told_types->begin(), options_.told_types->end(), kTypes[type]) !=
            options_.told_types->end())
      return;
    std::string how;
    proto.cameo = CameoCode(c, type, proto, st, &how);
    proto.plover = std::string(kTypes[type]);
    const CameoInfo* info = cameo_.Find(proto.cameo);
    if (info) {
      if (info->plover == proto.plover) proto.plover_mode = info->plover_mode;
      proto.quad_class = info->quad_class;
      proto.goldstein = info->goldstein;
    }
    proto.pattern_id = c.match ? c.match->pattern->id : "model";
    proto.pattern_text = fmt::format("{} {} [model]: {} margin {:.2f}; CAMEO from {}", proto.cameo,
                                     info ? info->name : "", proto.plover, margin, how);
    if (options_.explain) proto.pattern_text += "; features: " + TopFeatures(type);
    const double confidence = std::clamp(1.0 / (1.0 + std::exp(-margin)), 0.1, 0.95);

    // One event per (source, target) of the chosen mentions and those
    // coordinated with them; symmetric patterns ("X and Y agreed", "talks
    // between X and Y") both ways.
    std::vector<const Mention*> sources, targets;
    if (src.k >= 0)
      for (size_t x = src_group.first; x <= src_group.second; ++x) sources.push_back(actors[x]);
    if (tgt.k >= 0) {
      auto g = coder::CoordinatedRange(doc_, actors, static_cast<size_t>(tgt.k));
      for (size_t x = g.first; x <= g.second; ++x)
        if (x < src_group.first || x > src_group.second) targets.push_back(actors[x]);
    }
    const bool symmetric = c.match && c.match->pattern->symmetric;
    std::vector<std::pair<const Mention*, const Mention*>> pairs;
    if (symmetric && targets.empty() && sources.size() >= 2) {
      for (const Mention* a : sources)
        for (const Mention* b : sources)
          if (a != b && a->code != b->code && a->country != b->country) pairs.emplace_back(a, b);
    } else if (!targets.empty()) {
      for (const Mention* a : sources.empty() ? std::vector<const Mention*>{nullptr} : sources)
        for (const Mention* b : targets) {
          if (a && a->code == b->code) continue;
          pairs.emplace_back(a, b);
          if (symmetric && a) pairs.emplace_back(b, a);
        }
    }
    if (pairs.empty())
      for (const Mention* a : sources) pairs.emplace_back(a, nullptr);
    if (pairs.empty() && !targets.empty()) pairs.emplace_back(nullptr, targets.front());
    for (const auto& [a, b] : pairs) {
      Event e = proto;
      if (a) e.source = coder::ToEventActor(doc_, *a);
      if (b) e.target = coder::ToEventActor(doc_, *b);
      e.confidence = a && a->resolved_by_reference ? std::max(0.1, confidence - 0.1) : confidence;
      doc_.events.push_back(std::move(e));
    }
  }

  const EventModel& model_;
  const PatternDictionary& patterns_;
  const CameoTable& cameo_;
  Document& doc_;
  const coder::SentenceContext& ctx_;
  const CodeOptions& options_;
  Features fx_;
  SentenceView view_;
  FeatureSink sink_, role_sink_;
  std::vector<std::string> names_;
};

}  // namespace

void CodeSentencesML(const EventModel& model, const PatternDictionary& patterns, const CameoTable& cameo,
                     Document& doc, const CodeOptions& options) {
  // The context points into doc.mentions, which coding does not change.
  coder::SentenceContext ctx = coder::BuildSentenceContext(doc);
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    // With relevance on, a sentence without an actor mention yields nothing.
    if (model.settings.relevance && ctx.actors[si].empty()) continue;
    SentenceML(model, patterns, cameo, doc, ctx, si, options).Run();
  }
}

}  // namespace dyad::eventml
