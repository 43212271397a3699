// Internal: the training material of the learned event coder, read into one
// shape: a text (a sentence or a short summary) with what is known of its
// events.
#pragma once

#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad::eventml {

// What a record's labels say about candidates that are not gold triggers.
enum class LabelMode {
  kFull,          // every event is annotated: any other candidate is NONE (our corpus)
  kPartial,       // the record's types are complete, triggers may be missing (PLV, PLOVER, PETRARCH)
  kPositiveOnly,  // only the given triggers are known (SATP attacks)
};

struct GoldArg {
  enum State { kUnknown, kNone, kSpan } state = kUnknown;
  Span span;         // bytes of the record text
  std::string code;  // actor code, when known
};

struct GoldEvent {
  int type = 0;            // index in kTypes
  bool has_trigger = false;
  Span trigger;            // bytes of the record text
  GoldArg source, target;
  std::string cameo;
  bool asserted_actual = true;
};

struct Record {
  std::string id, group, corpus;  // group: folds keep a group together (a document)
  std::string text, date;
  LabelMode mode = LabelMode::kFull;
  std::vector<GoldEvent> events;
  std::vector<int> types;  // the record's types (all modalities) for kPartial
  bool test = false;       // our corpus' test split: never trained on
};

// Our corpus (data/annotations/events: pool + stand-off gold, texts from
// shared/data): both splits, records marked `test`. Doubly annotated sentences
// take the first annotator in file-name order, as annot.py export does.
Status ReadOurCorpus(const std::string& repo_dir, const std::string& shared_dir, std::vector<Record>& out);
// The external sets of shared/data/events.
Status ReadPlv(const std::string& path, std::vector<Record>& out);
Status ReadPloverGoldDev(const std::string& path, std::vector<Record>& out);
Status ReadSatp(const std::string& path, int max_records, std::vector<Record>& out);
Status ReadPetrarch(const std::string& path, std::vector<Record>& out);
Status ReadNgec(const std::string& path, std::vector<Record>& out);

}  // namespace dyad::eventml
