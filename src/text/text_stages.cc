// Stages "tokenize" (paragraphs, sentences, tokens) and "lemma" (the
// POS-free starter lemmatiser; the trained tagger replaces it).
#include "core/builtin_stages.h"
#include "dyad/text.h"

namespace dyad {

namespace {

class TokenizeStage : public Stage {
 public:
  std::string_view name() const override { return "tokenize"; }
  Annotations required() const override { return kAnnText; }
  Annotations assigned() const override { return kAnnParagraphs | kAnnSentences | kAnnTokens; }
  Status Process(Document& doc, StageScratch*) const override {
    TokenizeDocument(doc);
    if (doc.sentences.empty()) return Status::InvalidArgument("no sentences in the text");
    return Status::Ok();
  }
};

class LemmaStage : public Stage {
 public:
  std::string_view name() const override { return "lemma"; }
  Annotations required() const override { return kAnnTokens; }
  Annotations assigned() const override { return kAnnLemmas; }
  Status Process(Document& doc, StageScratch*) const override {
    for (Token& t : doc.tokens) {
      if (t.lemma.empty()) t.lemma = GuessLemma(t.lower);
    }
    return Status::Ok();
  }
};

}  // namespace

void RegisterTextStages(StageRegistry& registry) {
  registry.Register("tokenize", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
    return std::unique_ptr<Stage>(new TokenizeStage());
  });
  registry.Register("lemma", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
    return std::unique_ptr<Stage>(new LemmaStage());
  });
}

}  // namespace dyad
