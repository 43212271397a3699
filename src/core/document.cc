#include "dyad/document.h"

namespace dyad {

std::string_view ToString(MentionKind k) {
  switch (k) {
    case MentionKind::kActor: return "actor";
    case MentionKind::kAgent: return "agent";
    case MentionKind::kPlace: return "place";
    case MentionKind::kTime: return "time";
  }
  return "?";
}

std::string_view ToString(Polarity p) {
  return p == Polarity::kNegated ? "negated" : "asserted";
}

std::string_view ToString(Modality m) {
  switch (m) {
    case Modality::kActual: return "actual";
    case Modality::kFuture: return "future";
    case Modality::kHypothetical: return "hypothetical";
    case Modality::kQuestion: return "question";
    case Modality::kReported: return "reported";
  }
  return "?";
}

std::string_view ToString(StatementKind k) {
  switch (k) {
    case StatementKind::kDirect: return "direct";
    case StatementKind::kIndirect: return "indirect";
    case StatementKind::kReported: return "reported";
    case StatementKind::kDenial: return "denial";
    case StatementKind::kClaim: return "claim";
  }
  return "?";
}

std::string_view ToString(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "?";
}

void Document::Note(Severity sev, std::string stage, std::string reason, Span raw_span,
                    std::string excerpt) {
  diagnostics.push_back(
      Diagnostic{sev, std::move(stage), std::move(reason), raw_span, std::move(excerpt)});
}

}  // namespace dyad
