// Rate schedules and the validation-driven controller: every schedule's formula at several
// times, curriculum dropout's start at 0 and limit 1 − θ̄, schedule fields checked per kind,
// and decideRate's decisions on scripted loss sequences (overfit → raise, stall → lower,
// bounds and the period K respected) and in a real run's RUN.json "adaptations".
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "base/input_error.h"
#include "base/json_reader.h"
#include "core/config/experiment_config.h"
#include "core/config/experiment_setup.h"
#include "core/dropout/rate_adaptation.h"
#include "core/dropout/rate_schedule.h"
#include "core/io/run_record.h"
#include "tests/support/test_helpers.h"

using namespace dl;
using nlohmann::json;

namespace {

RateSchedule schedule(const json& j) {
    JsonReader r(j, "schedule");
    return RateSchedule::fromJson(r);
}

// `epochs` losses that fall steadily (train) and that rise (val): overfitting.
void overfitting(int epochs, std::vector<double>& train, std::vector<double>& val) {
    train.clear();
    val.clear();
    for (int e = 0; e < epochs; ++e) {
        train.push_back(1.0 - 0.05 * e);
        val.push_back(1.0 + 0.05 * e);
    }
}

}  // namespace

TEST(RateSchedule, ConstantIsTheTarget) {
    const RateSchedule s = schedule({{"kind", "constant"}});
    for (double t : {0.0, 1.0, 50.0}) EXPECT_DOUBLE_EQ(s.rateAt(0.3, t), 0.3) << "t = " << t;
}

TEST(RateSchedule, RampWarmsUpLinearly) {
    const RateSchedule s = schedule({{"kind", "ramp"}, {"start", 0.1}, {"length", 10}});
    EXPECT_DOUBLE_EQ(s.rateAt(0.5, 0), 0.1);
    EXPECT_LT(std::abs(s.rateAt(0.5, 5) - 0.3), 1e-12);
    EXPECT_LT(std::abs(s.rateAt(0.5, 2.5) - 0.2), 1e-12);
    EXPECT_DOUBLE_EQ(s.rateAt(0.5, 10), 0.5);
    EXPECT_DOUBLE_EQ(s.rateAt(0.5, 30), 0.5);
}

TEST(RateSchedule, CurriculumFollowsMorerio) {
    // Keep probability θ(t) = (1 − θ̄)·exp(−γt) + θ̄ with θ̄ = 1 − target.
    const double gamma = 0.2, target = 0.6, thetaBar = 1.0 - target;
    const RateSchedule s = schedule({{"kind", "curriculum"}, {"gamma", gamma}});
    for (double t : {0.0, 1.0, 3.0, 7.5, 20.0}) {
        const double keep = (1.0 - thetaBar) * std::exp(-gamma * t) + thetaBar;
        EXPECT_LT(std::abs(s.rateAt(target, t) - (1.0 - keep)), 1e-12) << "t = " << t;
    }
    EXPECT_EQ(s.rateAt(target, 0), 0.0);
    EXPECT_LT(std::abs(s.rateAt(target, 200) - (1.0 - thetaBar)), 1e-12);
    for (double t = 0; t < 30; t += 1)
        EXPECT_GT(s.rateAt(target, t + 1), s.rateAt(target, t)) << "t = " << t;
}

TEST(RateSchedule, AnnealDecaysToTheFloor) {
    const RateSchedule s = schedule({{"kind", "anneal"}, {"floor", 0.1}, {"decay", 0.3}});
    EXPECT_DOUBLE_EQ(s.rateAt(0.5, 0), 0.5);
    for (double t : {1.0, 4.0, 10.0})
        EXPECT_LT(std::abs(s.rateAt(0.5, t) - (0.1 + 0.4 * std::exp(-0.3 * t))), 1e-12)
            << "t = " << t;
    EXPECT_LT(std::abs(s.rateAt(0.5, 500) - 0.1), 1e-12);
}

TEST(RateSchedule, StepHalvesEveryPeriod) {
    const RateSchedule s =
        schedule({{"kind", "step"}, {"every", 5}, {"factor", 0.5}, {"floor", 0.1}});
    EXPECT_DOUBLE_EQ(s.rateAt(0.8, 0), 0.8);
    EXPECT_DOUBLE_EQ(s.rateAt(0.8, 4.9), 0.8);
    EXPECT_DOUBLE_EQ(s.rateAt(0.8, 5), 0.4);
    EXPECT_DOUBLE_EQ(s.rateAt(0.8, 12), 0.2);
    EXPECT_DOUBLE_EQ(s.rateAt(0.8, 15), 0.1);  // 0.1 = floor
    EXPECT_DOUBLE_EQ(s.rateAt(0.8, 40), 0.1);
}

TEST(RateSchedule, CosineGoesFromStartToTarget) {
    const RateSchedule s = schedule({{"kind", "cosine"}, {"start", 0.5}, {"length", 20}});
    EXPECT_DOUBLE_EQ(s.rateAt(0.1, 0), 0.5);
    EXPECT_LT(std::abs(s.rateAt(0.1, 10) - 0.3), 1e-12);  // halfway: the mean
    EXPECT_LT(std::abs(s.rateAt(0.1, 5) - (0.1 + 0.4 * (1 + std::cos(M_PI / 4)) / 2)), 1e-12);
    EXPECT_DOUBLE_EQ(s.rateAt(0.1, 20), 0.1);
    EXPECT_DOUBLE_EQ(s.rateAt(0.1, 99), 0.1);
}

TEST(RateSchedule, FieldsOfAnotherKindAreErrors) {
    EXPECT_THROW(schedule({{"kind", "ramp"}, {"gamma", 0.1}}), InputError);
    EXPECT_THROW(schedule({{"kind", "adaptive"}, {"unit", "step"}}), InputError);
    EXPECT_THROW(schedule({{"kind", "curriculum"}, {"gamma", 0}}), InputError);
    EXPECT_THROW(schedule({{"kind", "adaptive"}, {"min", 0.5}, {"max", 0.2}}), InputError);
    try {
        schedule({{"kind", "constant"}, {"length", 5}});
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "schedule.length: does not apply to schedule kind \"constant\".");
    }
}

TEST(RateSchedule, ScheduleRoundTrips) {
    for (const json& j :
         {json{{"kind", "ramp"}, {"unit", "step"}, {"start", 0.0}, {"length", 100.0}},
          json{{"kind", "curriculum"}, {"unit", "epoch"}, {"gamma", 0.05}},
          json{{"kind", "adaptive"},
               {"adapt_every", 3},
               {"up", 0.1},
               {"down", 0.02},
               {"min", 0.1},
               {"max", 0.7},
               {"tolerance", 0.01}}})
        EXPECT_EQ(schedule(j).toJson(), j);
}

// --- the validation-driven controller ---

TEST(RateController, OverfittingRaisesTheRate) {
    const RateSchedule s = schedule({{"kind", "adaptive"}, {"adapt_every", 2}, {"up", 0.1}});
    std::vector<double> train, val;
    overfitting(4, train, val);
    const RateAdaptation a = decideRate(s, train, val, 0.3);
    EXPECT_EQ(a.reason, "overfitting");
    EXPECT_LT(std::abs(a.to - 0.4), 1e-12);
    EXPECT_EQ(a.epoch, 4);
}

TEST(RateController, StallingLowersTheRate) {
    const RateSchedule s = schedule({{"kind", "adaptive"}, {"adapt_every", 3}, {"down", 0.05}});
    const std::vector<double> train(6, 0.5), val(6, 0.7);
    const RateAdaptation a = decideRate(s, train, val, 0.3);
    EXPECT_EQ(a.reason, "underfitting");
    EXPECT_LT(std::abs(a.to - 0.25), 1e-12);
}

TEST(RateController, HealthyTrainingKeepsTheRate) {
    const RateSchedule s = schedule({{"kind", "adaptive"}, {"adapt_every", 2}});
    std::vector<double> train, val;
    for (int e = 0; e < 4; ++e) {
        train.push_back(1.0 - 0.1 * e);
        val.push_back(1.0 - 0.08 * e);  // both improve
    }
    const RateAdaptation a = decideRate(s, train, val, 0.3);
    EXPECT_TRUE(a.reason.empty()) << a.reason;
    EXPECT_DOUBLE_EQ(a.to, 0.3);
}

TEST(RateController, BoundsAreRespected) {
    const RateSchedule s = schedule({{"kind", "adaptive"},
                                     {"adapt_every", 2},
                                     {"up", 0.2},
                                     {"down", 0.2},
                                     {"min", 0.1},
                                     {"max", 0.5}});
    std::vector<double> train, val;
    overfitting(4, train, val);
    EXPECT_DOUBLE_EQ(decideRate(s, train, val, 0.4).to, 0.5);    // clipped at max
    EXPECT_TRUE(decideRate(s, train, val, 0.5).reason.empty());  // at max: no change logged
    // A rate already above max (set by hand) is never lowered for overfitting.
    EXPECT_DOUBLE_EQ(decideRate(s, train, val, 0.7).to, 0.7);
    const std::vector<double> flat(4, 0.5);
    EXPECT_DOUBLE_EQ(decideRate(s, flat, flat, 0.2).to, 0.1);    // clipped at min
    EXPECT_DOUBLE_EQ(decideRate(s, flat, flat, 0.05).to, 0.05);  // below min: never raised
}

TEST(RateController, DecidesOnlyEveryKEpochs) {
    const RateSchedule s = schedule({{"kind", "adaptive"}, {"adapt_every", 3}});
    std::vector<double> train, val;
    for (int n = 1; n <= 12; ++n) {
        overfitting(n, train, val);
        const bool decided = !decideRate(s, train, val, 0.3).reason.empty();
        // First decision after 2K epochs (two windows to compare), then every K.
        EXPECT_EQ(decided, n >= 6 && n % 3 == 0) << "after " << n << " epochs";
    }
}

TEST(RateController, ARunLogsEveryChange) {
    // A huge net on few noisy points overfits: the controller must raise the rate, and
    // RUN.json must list each change with the rate the next epoch's history shows.
    json j = test::minimalConfigJson();
    j["dataset"] = {{"kind", "spiral"}, {"samples", 80}, {"noise", 0.5}};
    j["network"]["layers"][0]["units"] = 128;
    j["network"]["layers"][0]["dropout"] = {
        {"rate", 0.0},
        {"schedule", {{"kind", "adaptive"}, {"adapt_every", 2}, {"up", 0.1}, {"max", 0.6}}}};
    j["training"] = {{"epochs", 40}, {"batch_size", 8}};
    j["optimizer"] = {{"lr", 0.02}};
    auto trainer = makeTrainer(ExperimentConfig::fromJson(j));
    trainer->run(40);
    const auto& adapt = trainer->adaptations();
    ASSERT_FALSE(adapt.empty()) << "the controller never acted on an overfitting run";
    const auto& h = trainer->history();
    for (const auto& a : adapt) {
        SCOPED_TRACE("adaptation at epoch " + std::to_string(a.epoch));
        EXPECT_EQ(a.site, "layer1");
        EXPECT_TRUE(a.epoch % 2 == 0 && a.epoch >= 4);
        EXPECT_LE(a.to, 0.6 + 1e-12);
        ASSERT_GE(a.epoch, 1);
        ASSERT_LE(a.epoch, int(h.size()));
        EXPECT_DOUBLE_EQ(h[a.epoch - 1].rates.at("layer1"), a.from);
        if (a.epoch < int(h.size())) {
            EXPECT_DOUBLE_EQ(h[a.epoch].rates.at("layer1"), a.to);
        }
    }
    const json run = makeRunRecord(*trainer, {}, 0.0);
    ASSERT_EQ(run["adaptations"].size(), adapt.size());
    EXPECT_EQ(run["adaptations"][0]["reason"].get<std::string>(), adapt[0].reason);
}
