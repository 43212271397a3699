// dyad train events: the learned event coder's training and cross-validation
// (dyad/eventml.h).
//
// Every record is run once through the pipeline up to the actor stage; its
// candidates' features and their labels are computed once. Training is an
// averaged perceptron over the candidates (type) and over each gold event's
// actor mentions (roles), in a seeded order, so a run is deterministic. Labels
// are partial for some material: PLV and PLOVER records give the sentence's
// types but not always the trigger, so the trigger is latent (the candidate
// the current model scores highest for the gold type is the positive); SATP
// gives attack triggers only, so its other candidates teach nothing.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "dyad/events.h"
#include "dyad/eventml.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/plover_eval.h"
#include "dyad/tagger.h"
#include "eventml/corpora.h"
#include "eventml/combine.h"
#include "eventml/model.h"

namespace dyad {

using eventml::Record;

namespace eventml {
namespace {

struct CandEx {
  std::vector<uint64_t> feats;
  int gold = 0;          // type; -1: unknown (partial labels)
  int pattern_type = 0;  // the type its pattern codes, a hint for latent triggers
  bool root = false;
  std::string lemma;
  std::vector<std::string> names;  // feature names (DYAD_EVENTML_DEBUG only)
};
struct RoleEx {
  std::vector<std::vector<uint64_t>> options;  // [0] none, [1 + k] actor k
  int gold = 0;
};
struct Prepared {
  const Record* rec = nullptr;
  Document doc;
  std::vector<CandEx> cands;
  std::vector<RoleEx> roles;
  std::vector<std::pair<int, std::string>> cameo_rows;  // (type, lemma) -> the gold CAMEO code
  std::vector<std::string> cameo_codes;
};

struct Stats {
  int records = 0, misaligned = 0, triggers = 0, forced = 0, roles = 0, role_unmatched = 0;
};

// The token of a trigger span that heads it (its head lies outside the span).
uint32_t TriggerHead(const SentenceView& s, uint32_t tb, uint32_t te) {
  for (uint32_t t = tb; t < te; ++t)
    if (s.tok(t).upos == "VERB") return t;
  for (uint32_t t = tb; t < te; ++t) {
    uint32_t h = s.Head(t);
    if (h == UINT32_MAX || h < tb || h >= te) return t;
  }
  return tb;
}

int MentionFor(const SentenceView& s, const GoldArg& a) {
  if (a.state != GoldArg::kSpan) return -2;
  const uint32_t b = a.span.begin, e = a.span.end;
  int best = -2;
  uint32_t best_overlap = 0;
  for (size_t k = 0; k < s.actors.size(); ++k) {
    const Span& m = s.actors[k]->span;
    uint32_t lo = std::max(m.begin, b), hi = std::min(m.end, e);
    if (lo < hi && hi - lo > best_overlap) {
      best_overlap = hi - lo;
      best = static_cast<int>(k);
    }
  }
  return best;
}

void Prepare(const Record& rec, const Pipeline& pipeline, PipelineScratch& scratch, const Features& fx,
             const PatternDictionary& patterns, Prepared& p, Stats& st) {
  p.rec = &rec;
  ++st.records;
  ReadOptions ro;
  auto doc = DocumentFromText(rec.text, rec.id, ro);
  if (!doc.ok()) return;
  doc->id = rec.id;
  if (rec.date.size() >= 10) doc->date = rec.date.substr(0, 10);
  if (!pipeline.Run(*doc, scratch).ok()) return;
  p.doc = std::move(doc).value();
  const Document& d = p.doc;
  const bool aligned = d.text == rec.text;
  if (!aligned) ++st.misaligned;
  coder::SentenceContext ctx = coder::BuildSentenceContext(d);
  FeatureSink sink;
  std::vector<std::string> names;
  const bool debug = std::getenv("DYAD_EVENTML_DEBUG") != nullptr;
  if (debug) sink.names = &names;
  std::vector<bool> event_done(rec.events.size(), false);
  for (uint32_t si = 0; si < d.sentences.size(); ++si) {
    SentenceView sv(d, si, ctx.actors[si], ctx.guessed.empty() ? nullptr : &ctx.guessed);
    std::vector<Candidate> cands = fx.Candidates(sv, patterns);
    std::vector<int> gold(cands.size(), rec.mode == LabelMode::kFull ? 0 : -1);
    std::vector<std::pair<size_t, size_t>> event_cand;  // (event, candidate)
    const Span ss = d.sentences[si].span;
    for (size_t ev = 0; ev < rec.events.size() && aligned; ++ev) {
      const GoldEvent& g = rec.events[ev];
      if (!g.has_trigger || g.trigger.begin < ss.begin || g.trigger.begin >= ss.end) continue;
      ++st.triggers;
      event_done[ev] = true;
      // The candidate whose trigger overlaps the gold one (its head word first).
      int found = -1;
      for (size_t c = 0; c < cands.size(); ++c) {
        Span cs{d.tokens[cands[c].tb].span.begin, d.tokens[cands[c].te - 1].span.end};
        Span hs = d.tokens[cands[c].tok].span;
        bool head_in = hs.begin < g.trigger.end && g.trigger.begin < hs.end;
        bool overlap = cs.begin < g.trigger.end && g.trigger.begin < cs.end;
        if (head_in || (overlap && found < 0)) found = static_cast<int>(c);
        if (head_in) break;
      }
      if (found < 0) {
        uint32_t tb = UINT32_MAX, te = 0;
        for (uint32_t t = sv.first; t < sv.last; ++t)
          if (d.tokens[t].span.begin < g.trigger.end && g.trigger.begin < d.tokens[t].span.end) {
            tb = std::min(tb, t);
            te = t + 1;
          }
        if (tb == UINT32_MAX) continue;
        cands.push_back(fx.MakeCandidate(sv, patterns, TriggerHead(sv, tb, te)));
        gold.push_back(rec.mode == LabelMode::kFull ? 0 : -1);
        found = static_cast<int>(cands.size() - 1);
        ++st.forced;
      }
      if (gold[found] <= 0) gold[found] = g.type;
      event_cand.emplace_back(ev, static_cast<size_t>(found));
    }
    const size_t base = p.cands.size();
    for (size_t c = 0; c < cands.size(); ++c) {
      sink.Clear();
      fx.TypeFeatures(sv, cands[c], sink);
      CandEx ex;
      ex.feats = sink.keys;
      ex.gold = gold[c];
      ex.pattern_type = cands[c].match ? TypeIndex(fx.PatternType(*cands[c].match)) : 0;
      ex.root = d.tokens[cands[c].tok].deprel == "root";
      ex.lemma = coder::LemmaOf(d.tokens[cands[c].tok]);
      if (debug) ex.names = names;
      p.cands.push_back(std::move(ex));
    }
    // Events without a trigger in this sentence (PLV): their roles hang on
    // the likeliest candidate (one its pattern codes as the type, else the root).
    if (aligned && d.sentences.size() == 1)
      for (size_t ev = 0; ev < rec.events.size(); ++ev) {
        if (rec.events[ev].has_trigger || cands.empty()) continue;
        size_t pick = SIZE_MAX;
        for (size_t c = 0; c < cands.size() && pick == SIZE_MAX; ++c)
          if (p.cands[base + c].pattern_type == rec.events[ev].type) pick = c;
        for (size_t c = 0; c < cands.size() && pick == SIZE_MAX; ++c)
          if (p.cands[base + c].root) pick = c;
        if (pick != SIZE_MAX) event_cand.emplace_back(ev, pick);
      }
    // Role examples and CAMEO rows.
    for (auto [ev, c] : event_cand) {
      const GoldEvent& g = rec.events[ev];
      if (!g.cameo.empty()) {
        p.cameo_rows.emplace_back(g.type, coder::LemmaOf(d.tokens[cands[c].tok]));
        p.cameo_codes.push_back(g.cameo);
      }
      for (auto [role, arg] : {std::pair{kSource, &g.source}, std::pair{kTarget, &g.target}}) {
        if (arg->state == GoldArg::kUnknown) continue;
        int k = arg->state == GoldArg::kNone ? -1 : MentionFor(sv, *arg);
        ++st.roles;
        if (k == -2) {
          ++st.role_unmatched;
          continue;
        }
        RoleEx rx;
        rx.gold = k + 1;
        for (int o = -1; o < static_cast<int>(sv.actors.size()); ++o) {
          sink.Clear();
          fx.RoleFeatures(sv, cands[c], g.type, role, o, sink);
          rx.options.push_back(sink.keys);
        }
        p.roles.push_back(std::move(rx));
      }
    }
  }
}

int Argmax(const float* s, int n) {
  int b = 0;
  for (int i = 1; i < n; ++i)
    if (s[i] > s[b]) b = i;
  return b;
}

void Shuffle(std::vector<size_t>& v, std::mt19937& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    size_t j = rng() % i;
    std::swap(v[i - 1], v[j]);
  }
}

struct Weights {
  ml::FrozenWeights types, roles;
};

Weights Train(const std::vector<const Prepared*>& data, int epochs, uint32_t seed, int positive_weight,
              bool partial_negatives) {
  ml::TrainWeights tw(kNumTypes), rw(2);
  std::mt19937 rng(seed);
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<float> scores;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    Shuffle(order, rng);
    for (size_t oi : order) {
      const Prepared& p = *data[oi];
      const Record& rec = *p.rec;
      const size_t n = p.cands.size();
      scores.assign(n * kNumTypes, 0.0f);
      for (size_t c = 0; c < n; ++c) tw.Score(p.cands[c].feats.data(), p.cands[c].feats.size(), &scores[c * kNumTypes]);
      std::vector<int> truth(n);
      for (size_t c = 0; c < n; ++c) truth[c] = p.cands[c].gold;
      if (rec.mode == LabelMode::kPartial) {
        // Latent triggers: each gold type without a known trigger takes the
        // candidate that scores it highest (a pattern of that type, then the
        // root, break ties).
        for (int t : rec.types) {
          bool known = false;
          for (size_t c = 0; c < n; ++c) known = known || truth[c] == t;
          if (known) continue;
          size_t best = SIZE_MAX;
          float bs = 0;
          for (size_t c = 0; c < n; ++c) {
            if (truth[c] > 0) continue;
            float s = scores[c * kNumTypes + t] + (p.cands[c].pattern_type == t ? 1e-3f : 0) +
                      (p.cands[c].root ? 5e-4f : 0);
            if (best == SIZE_MAX || s > bs) {
              best = c;
              bs = s;
            }
          }
          if (best != SIZE_MAX) truth[best] = t;
        }
      }
      for (size_t c = 0; c < n; ++c) {
        const CandEx& ex = p.cands[c];
        int guess = Argmax(&scores[c * kNumTypes], kNumTypes);
        int want = truth[c];
        if (want < 0) {
          if (rec.mode == LabelMode::kPositiveOnly || !partial_negatives) continue;
          // Partial labels: a type the record does not have is wrong.
          if (guess == 0 || std::find(rec.types.begin(), rec.types.end(), guess) != rec.types.end()) continue;
          want = 0;
        }
        // Events are rare among candidates: a missed event counts more than
        // a false one (cost-sensitive perceptron).
        const int times = want > 0 && guess == 0 ? positive_weight : 1;
        for (int k = 0; k < times; ++k) tw.Update(ex.feats.data(), ex.feats.size(), want, guess);
        tw.Tick();
      }
      for (const RoleEx& rx : p.roles) {
        int best = 0;
        float bs = -1e30f;
        for (size_t o = 0; o < rx.options.size(); ++o) {
          float s[2] = {};
          rw.Score(rx.options[o].data(), rx.options[o].size(), s);
          if (s[1] - s[0] > bs) {
            bs = s[1] - s[0];
            best = static_cast<int>(o);
          }
        }
        if (best != rx.gold) {
          rw.Update(rx.options[rx.gold].data(), rx.options[rx.gold].size(), 1, 0);
          rw.Update(rx.options[best].data(), rx.options[best].size(), 0, 1);
        }
        rw.Tick();
      }
    }
  }
  return Weights{tw.Freeze(0.0f), rw.Freeze(0.0f)};
}

void CameoDefaults(const std::vector<const Prepared*>& data, const CameoTable& cameo, EventModel& m) {
  std::map<std::pair<int, std::string>, std::map<std::string, int>> by_lemma;
  std::map<int, std::map<std::string, int>> by_type;
  for (const Prepared* p : data)
    for (size_t i = 0; i < p->cameo_rows.size(); ++i) {
      const std::string& code = p->cameo_codes[i];
      const CameoInfo* info = cameo.Find(code);
      if (!info || info->plover != kTypes[p->cameo_rows[i].first]) continue;
      by_lemma[p->cameo_rows[i]][code]++;
      by_type[p->cameo_rows[i].first][code]++;
    }
  auto most = [](const std::map<std::string, int>& counts) {
    std::string best;
    int n = 0;
    for (const auto& [c, k] : counts)
      if (k > n) {
        best = c;
        n = k;
      }
    return best;
  };
  for (const auto& [key, counts] : by_lemma) m.cameo_by_lemma[EventModel::LemmaKey(key.first, key.second)] = most(counts);
  for (const auto& [t, counts] : by_type) m.cameo_by_type[t] = most(counts);
}

// Gold records in the scorer's shape: asserted actual types (our corpus),
// the labelled types (external sets).
PloverGoldRecord GoldOf(const Record& r) {
  PloverGoldRecord g;
  g.id = r.id;
  g.text = r.text;
  const GoldEvent* first = nullptr;
  if (r.corpus == "ours") {
    for (const GoldEvent& e : r.events) {
      if (!e.asserted_actual) continue;
      if (!first) first = &e;
      std::string t(kTypes[e.type]);
      if (std::find(g.types.begin(), g.types.end(), t) == g.types.end()) g.types.push_back(t);
    }
  } else {
    for (int t : r.types) g.types.emplace_back(kTypes[t]);
    if (!r.events.empty()) first = &r.events.front();
  }
  std::sort(g.types.begin(), g.types.end());
  if (first) {
    auto country = [](const GoldArg& a) {
      std::vector<std::string> v;
      if (a.state == GoldArg::kSpan && a.code.size() >= 3) v.push_back(a.code.substr(0, 3));
      return v;
    };
    g.source_countries = country(first->source);
    g.target_countries = country(first->target);
  }
  return g;
}

void Predict(const EventModel& m, const PatternDictionary& patterns, const CameoTable& cameo, const Prepared& p,
             std::vector<PloverPrediction>& out, const CoderSetup* setup = nullptr) {
  Document d = p.doc;
  d.events.clear();
  if (setup)
    CodeWithSetup(*setup, &m, patterns, cameo, d, CoderOptions{}, CodeOptions{});
  else
    CodeSentencesML(m, patterns, cameo, d, CodeOptions{});
  for (const DedupedEvent& de : DeduplicateEvents({&d})) {
    const Event& e = de.event;
    if (e.plover.empty()) continue;
    auto country = [](const EventActor& a) { return a.country.empty() ? a.code.substr(0, std::min<size_t>(3, a.code.size())) : a.country; };
    out.push_back({p.rec->id, e.plover, country(e.source), e.target.code.empty() ? "" : country(e.target)});
  }
}

uint64_t FoldOf(const std::string& group, int folds) { return ml::HashStr(group) % static_cast<uint64_t>(folds); }

}  // namespace
}  // namespace eventml

Status TrainEventModel(const EventTrainOptions& o) {
  using namespace eventml;
  std::ostream& log = *o.log;
  std::vector<Record> records;
  auto want = [&](const char* s) { return std::find(o.sources.begin(), o.sources.end(), s) != o.sources.end(); };
  const std::string ext = o.shared_dir + "/data/events/external";
  DYAD_RETURN_IF_ERROR(ReadOurCorpus(o.repo_dir, o.shared_dir, records));  // always: the test split is reported on
  if (want("plv")) DYAD_RETURN_IF_ERROR(ReadPlv(ext + "/plv-train.jsonl", records));
  if (want("plover")) DYAD_RETURN_IF_ERROR(ReadPloverGoldDev(o.shared_dir + "/data/events/plover-gsr-dev.jsonl", records));
  if (want("satp")) DYAD_RETURN_IF_ERROR(ReadSatp(ext + "/satp.jsonl", o.satp_max, records));
  if (want("petrarch")) DYAD_RETURN_IF_ERROR(ReadPetrarch(ext + "/petrarch-validation.jsonl", records));
  if (want("ngec")) DYAD_RETURN_IF_ERROR(ReadNgec(ext + "/ngec-synthetic.jsonl", records));
  std::map<std::string, int> counts;
  for (const Record& r : records) counts[r.corpus + (r.test ? " (test split, not trained on)" : "")]++;
  for (const auto& [c, n] : counts) log << fmt::format("records: {:6d} {}\n", n, c);

  auto lexicon = SemanticLexicon::ReadWordNet(o.wordnet_dir);
  if (!lexicon.ok()) return lexicon.status();
  log << fmt::format("WordNet: {} lemmas with semantic classes from {}\n", lexicon->size(), o.wordnet_dir);
  const std::string clusters_path =
      o.clusters.empty() ? ResolveModelPath("", o.data_dir, "en-clusters.bin") : o.clusters;
  auto clusters = ml::WordClusters::Load(clusters_path);
  if (!clusters.ok()) return clusters.status();
  auto patterns = PatternDictionary::LoadBuiltin(o.data_dir);
  if (!patterns.ok()) return patterns.status();
  auto cameo = CameoTable::LoadBuiltin(o.data_dir);
  if (!cameo.ok()) return cameo.status();
  auto pipeline = Pipeline::Build("clean:mode=none;tokenize;tagger;parser;time;actors", o.data_dir);
  if (!pipeline.ok()) return pipeline.status();
  PipelineScratch scratch = pipeline->NewScratch();

  Features fx(&*lexicon, clusters->get(), cameo->get());
  std::vector<Prepared> prepared(records.size());
  Stats st;
  for (size_t i = 0; i < records.size(); ++i) Prepare(records[i], *pipeline, scratch, fx, **patterns, prepared[i], st);
  log << fmt::format("prepared {} records ({} with text changed by the pipeline, skipped for labels); {} gold "
                     "triggers, {} not among the candidates (added for training); {} role labels, {} on no actor "
                     "mention (skipped)\n",
                     st.records, st.misaligned, st.triggers, st.forced, st.roles, st.role_unmatched);

  auto make_model = [&](const std::vector<const Prepared*>& train) {
    EventModel m;
    Weights w = Train(train, o.epochs, o.seed, o.positive_weight, o.partial_negatives);
    m.types = std::move(w.types);
    m.roles = std::move(w.roles);
    m.lexicon = *lexicon;
    m.clusters = **clusters;
    m.settings.threshold = o.threshold;
    m.settings.nouns_need_occurrence = o.nouns_need_occurrence;
    m.settings.relevance = o.relevance;
    CameoDefaults(train, **cameo, m);
    return m;
  };
  auto trainable = [&](const Prepared& p) { return !p.rec->test && !p.doc.text.empty(); };

  std::string cv_summary;
  if (o.folds > 1) {
    std::map<std::string, std::vector<PloverPrediction>> preds;
    std::map<std::pair<float, std::string>, std::vector<PloverPrediction>> sweep;
    std::vector<CoderSetup> setups;
    for (const std::string& spec : o.cv_setups) {
      auto s = CoderSetup::Parse(spec);
      if (!s.ok()) return s.status();
      setups.push_back(*s);
    }
    std::map<std::pair<std::string, std::string>, std::vector<PloverPrediction>> by_setup;
    for (int f = 0; f < o.folds; ++f) {
      std::vector<const Prepared*> train;
      for (const Prepared& p : prepared)
        if (trainable(p) && static_cast<int>(FoldOf(p.rec->group, o.folds)) != f) train.push_back(&p);
      EventModel m = make_model(train);
      for (const Prepared& p : prepared)
        if (trainable(p) && static_cast<int>(FoldOf(p.rec->group, o.folds)) == f && p.rec->corpus != "satp")
          Predict(m, **patterns, **cameo, p, preds[p.rec->corpus]);
      if (o.cv_misses > 0) {
        // At the gold triggers of our corpus: how often the classifier's best
        // type is right, NONE, or another type.
        int right = 0, none = 0, other = 0, fp = 0, negs = 0;
        for (const Prepared& p : prepared) {
          if (!trainable(p) || FoldOf(p.rec->group, o.folds) != static_cast<uint64_t>(f) || p.rec->corpus != "ours") continue;
          for (const CandEx& c : p.cands) {
            float sc[kNumTypes] = {};
            m.types.Score(c.feats.data(), c.feats.size(), sc);
            int best = Argmax(sc, kNumTypes);
            if (c.gold > 0) (best == c.gold ? right : best == 0 ? none : other)++;
            if (c.gold > 0 && best != c.gold && std::getenv("DYAD_EVENTML_DEBUG"))
              log << fmt::format("  miss {} -> {} lemma={} margin={:.1f} {}\n", kTypes[c.gold], kTypes[best], c.lemma,
                                 (sc[c.gold] - sc[0]) * m.types.scale(), p.rec->text.substr(0, 150));
            if (c.gold > 0 && best != c.gold && std::getenv("DYAD_EVENTML_DEBUG")) {
              std::vector<std::pair<float, size_t>> contrib;
              for (size_t i = 0; i < c.feats.size(); ++i) {
                float s1[kNumTypes] = {};
                m.types.Score(&c.feats[i], 1, s1);
                contrib.emplace_back((s1[c.gold] - s1[0]) * m.types.scale(), i);
              }
              std::sort(contrib.begin(), contrib.end());
              for (size_t i = 0; i < 6 && i < contrib.size(); ++i)
                log << fmt::format("      {} {:.1f}\n", c.names[contrib[i].second], contrib[i].first);
            }
            if (c.gold == 0) {
              ++negs;
              fp += best != 0;
            }
          }
        }
        log << fmt::format("fold {}: at gold triggers {} right, {} NONE, {} other type; {} of {} other candidates "
                           "get a type\n", f + 1, right, none, other, fp, negs);
      }
      for (const CoderSetup& cs : setups)
        for (const Prepared& p : prepared)
          if (trainable(p) && static_cast<int>(FoldOf(p.rec->group, o.folds)) == f && p.rec->corpus != "satp")
            Predict(m, **patterns, **cameo, p, by_setup[{cs.ToString(), p.rec->corpus}], &cs);
      for (float th : o.cv_thresholds) {
        m.settings.threshold = th;
        for (const Prepared& p : prepared)
          if (trainable(p) && static_cast<int>(FoldOf(p.rec->group, o.folds)) == f && p.rec->corpus != "satp")
            Predict(m, **patterns, **cameo, p, sweep[{th, p.rec->corpus}]);
      }
      log << fmt::format("fold {}/{} trained on {} records\n", f + 1, o.folds, train.size());
    }
    for (const auto& [corpus, pr] : preds) {
      std::vector<PloverGoldRecord> gold;
      for (const Prepared& p : prepared)
        if (trainable(p) && p.rec->corpus == corpus) gold.push_back(GoldOf(*p.rec));
      PloverScore s = ScorePlover(gold, pr);
      log << fmt::format("\n== {}-fold cross-validation on {} ({} records)\n", o.folds, corpus, gold.size());
      log << FormatPloverScore(s, corpus == "ours" ? o.cv_misses : 0);
      cv_summary += fmt::format("{}{}: F1 {:.1f} P {:.1f} R {:.1f} src {:.1f} tgt {:.1f}", cv_summary.empty() ? "" : "; ",
                                corpus, s.type_f1, s.type_precision, s.type_recall, s.source_acc, s.target_acc);
    }
    for (const auto& [key, pr] : by_setup) {
      std::vector<PloverGoldRecord> gold;
      for (const Prepared& p : prepared)
        if (trainable(p) && p.rec->corpus == key.second) gold.push_back(GoldOf(*p.rec));
      PloverScore s = ScorePlover(gold, pr);
      log << fmt::format("setup {:45s} {:8s} F1 {:5.1f} P {:5.1f} R {:5.1f} src {:5.1f} tgt {:5.1f}\n", key.first,
                         key.second, s.type_f1, s.type_precision, s.type_recall, s.source_acc, s.target_acc);
    }
    for (const auto& [key, pr] : sweep) {
      std::vector<PloverGoldRecord> gold;
      for (const Prepared& p : prepared)
        if (trainable(p) && p.rec->corpus == key.second) gold.push_back(GoldOf(*p.rec));
      PloverScore s = ScorePlover(gold, pr);
      log << fmt::format("threshold {:5.2f} {:8s} F1 {:5.1f} P {:5.1f} R {:5.1f} src {:5.1f} tgt {:5.1f}\n", key.first,
                         key.second, s.type_f1, s.type_precision, s.type_recall, s.source_acc, s.target_acc);
    }
  }
  if (o.cv_only || o.out.empty()) return Status::Ok();

  std::vector<const Prepared*> train;
  for (const Prepared& p : prepared)
    if (trainable(p)) train.push_back(&p);
  EventModel m = make_model(train);
  std::string sources;
  for (const auto& [c, n] : counts)
    if (c.find("test") == std::string::npos) sources += fmt::format("{}{} {}", sources.empty() ? "" : ", ", c, n);
  m.meta = {
      {"model", "dyad learned event coder (type classifier + role ranker), averaged perceptron"},
      {"training_data", sources},
      {"training_records", std::to_string(train.size())},
      {"epochs", std::to_string(o.epochs)},
      {"seed", std::to_string(o.seed)},
      {"wordnet", "WordNet 3.0 (c) Princeton University, read from " + o.wordnet_dir + " (licence in MODEL_CARD.md)"},
      {"clusters", clusters_path},
      {"cross_validation", cv_summary},
      {"command", o.command},
  };
  DYAD_RETURN_IF_ERROR(m.Save(o.out));
  log << fmt::format("wrote {} ({} type features, {} role features)\n", o.out, m.types.features(), m.roles.features());
  return Status::Ok();
}

}  // namespace dyad
