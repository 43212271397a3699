#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "dyad/text.h"

namespace dyad {
namespace {

void ExpectLemmas(const std::vector<std::pair<std::string, std::string>>& cases) {
  for (const auto& [word, lemma] : cases) EXPECT_EQ(GuessLemma(word), lemma) << word;
}

TEST(LemmaTest, IrregularVerbs) {
  ExpectLemmas({{"held", "hold"}, {"said", "say"}, {"met", "meet"}, {"withdrew", "withdraw"},
                {"withdrawn", "withdraw"}, {"began", "begin"}, {"was", "be"}, {"were", "be"},
                {"has", "have"}, {"had", "have"}, {"did", "do"}, {"went", "go"},
                {"fought", "fight"}, {"sought", "seek"}, {"led", "lead"}, {"fled", "flee"},
                {"struck", "strike"}, {"told", "tell"}, {"took", "take"}, {"n't", "not"}});
}

TEST(LemmaTest, Nouns) {
  ExpectLemmas({{"forces", "force"}, {"talks", "talk"}, {"negotiations", "negotiation"},
                {"troops", "troop"}, {"parties", "party"}, {"countries", "country"},
                {"allies", "ally"}, {"sanctions", "sanction"}, {"officials", "official"},
                {"taxes", "tax"}, {"speeches", "speech"}, {"clashes", "clash"},
                {"processes", "process"}, {"crises", "crisis"}, {"men", "man"},
                {"women", "woman"}, {"children", "child"}, {"heroes", "hero"},
                {"days", "day"}, {"ideas", "idea"}, {"bases", "base"}, {"lives", "life"},
                {"critics", "critic"}, {"meetings", "meeting"}, {"bombings", "bombing"},
                {"peace-keepers", "peace-keeper"}});
}

TEST(LemmaTest, RegularVerbs) {
  ExpectLemmas({{"agreed", "agree"}, {"demanded", "demand"}, {"leaving", "leave"},
                {"emphasized", "emphasize"}, {"stopped", "stop"}, {"making", "make"},
                {"planned", "plan"}, {"committed", "commit"}, {"controlled", "control"},
                {"killed", "kill"}, {"passed", "pass"}, {"added", "add"}, {"created", "create"},
                {"negotiated", "negotiate"}, {"stated", "state"}, {"treated", "treat"},
                {"visited", "visit"}, {"voted", "vote"}, {"moved", "move"},
                {"announced", "announce"}, {"continued", "continue"}, {"criticized", "criticize"},
                {"changed", "change"}, {"belonged", "belong"}, {"charged", "charge"},
                {"caused", "cause"}, {"used", "use"}, {"using", "use"}, {"focused", "focus"},
                {"described", "describe"}, {"decided", "decide"}, {"ended", "end"},
                {"required", "require"}, {"repaired", "repair"}, {"declared", "declare"},
                {"appeared", "appear"}, {"determined", "determine"}, {"gained", "gain"},
                {"opened", "open"}, {"handled", "handle"}, {"ruled", "rule"},
                {"hoped", "hope"}, {"developed", "develop"}, {"named", "name"},
                {"claimed", "claim"}, {"invoked", "invoke"}, {"asked", "ask"},
                {"attacked", "attack"}, {"tried", "try"}, {"denied", "deny"}, {"died", "die"},
                {"played", "play"}, {"reached", "reach"}, {"executed", "execute"},
                {"saying", "say"}, {"trying", "try"}, {"running", "run"}, {"holding", "hold"},
                {"bringing", "bring"}, {"seeing", "see"}, {"agreeing", "agree"},
                {"threatening", "threaten"}, {"including", "include"}, {"says", "say"},
                {"reaches", "reach"}, {"tries", "try"}, {"uses", "use"}, {"goes", "go"},
                {"does", "do"}, {"focuses", "focus"}, {"exceeded", "exceed"},
                {"needed", "need"}, {"welcomed", "welcome"}, {"secured", "secure"}});
}

TEST(LemmaTest, WordsLeftAlone) {
  ExpectLemmas({{"us", "us"}, {"its", "its"}, {"news", "news"}, {"this", "this"},
                {"as", "as"}, {"status", "status"}, {"crisis", "crisis"}, {"class", "class"},
                {"thing", "thing"}, {"bring", "bring"}, {"king", "king"}, {"during", "during"},
                {"need", "need"}, {"speed", "speed"}, {"bed", "bed"}, {"red", "red"},
                {"hundred", "hundred"}, {"united", "united"}, {"politics", "politics"},
                {"hamas", "hamas"}, {"always", "always"}, {"series", "series"},
                {"meeting", "meeting"}, {"famous", "famous"}, {"iraq", "iraq"},
                {"'s", "'s"}, {"o'brien", "o'brien"}, {"2024", "2024"}, {"u.s.", "u.s."},
                {"", ""}, {"caf\xC3\xA9s", "caf\xC3\xA9s"}, {"anti-isis", "anti-isis"},
                {"so-called", "so-called"}});
}

}  // namespace
}  // namespace dyad
