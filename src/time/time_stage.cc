// Stage "time": resolves the time expressions of every sentence to dates and
// adds them as time mentions (code = ISO date, detail = the rule used).
#include "core/builtin_stages.h"
#include "dyad/time.h"

namespace dyad {

namespace {

class TimeStage : public Stage {
 public:
  std::string_view name() const override { return "time"; }
  Annotations required() const override { return kAnnTokens | kAnnSentences; }
  Annotations assigned() const override { return kAnnTimes; }
  Status Process(Document& doc, StageScratch*) const override {
    TimeContext ctx;
    ctx.document_date = Date::FromIso(doc.date);
    if (!ctx.document_date) ctx.reference_year = LatestYearMentioned(doc);
    for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
      const Sentence& s = doc.sentences[si];
      for (const TimeExpression& te : FindTimeExpressions(doc, s.token_begin, s.token_end, ctx)) {
        Mention m;
        m.kind = MentionKind::kTime;
        m.span = te.span;
        m.sentence = si;
        m.token_begin = te.token_begin;
        m.token_end = te.token_end;
        m.code = te.date.ToIso();
        m.entry = "time";
        m.detail = te.rule;
        doc.mentions.push_back(std::move(m));
      }
    }
    return Status::Ok();
  }
};

}  // namespace

void RegisterTimeStages(StageRegistry& registry) {
  registry.Register("time", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
    return std::unique_ptr<Stage>(new TimeStage());
  });
}

}  // namespace dyad
