// dataTraits (what the UI picks its tabs from, before any data exists) agrees with the data
// each kind really builds: images are C×H×W, sequences [T, F], regression has no classes.
#include <gtest/gtest.h>

#include "datasets/dataset_factory.h"
#include "datasets/dataset_spec.h"
#include "tests/support/temp_dir.h"

using namespace dl;

namespace {

void expectTraitsMatch(const DatasetSpec& spec) {
    SCOPED_TRACE("kind " + spec.kind);
    const Dataset d = makeDataset(spec, 3);
    const DataTraits t = dataTraits(spec);
    EXPECT_EQ(t.images, d.isImage());
    EXPECT_EQ(t.sequences, d.isSequence());
    EXPECT_EQ(t.regression, !d.isClassification());
}

}  // namespace

TEST(DataTraits, EveryGeneratedKindMatchesItsData) {
    int checked = 0;
    for (const std::string& kind : datasetKinds()) {
        if (kind == "csv" || kind == "idx" || kind == "fashion-mnist") continue;  // files below
        DatasetSpec spec;
        spec.kind = kind;
        spec.samples = 40;
        expectTraitsMatch(spec);
        ++checked;
    }
    EXPECT_GE(checked, 12);  // every generated kind, not a silently empty list
}

TEST(DataTraits, CsvRegressionFollowsTheTask) {
    test::TempDir dir;
    ASSERT_TRUE(test::writeFile(dir.file("d.csv"), "x1,x2,y\n0,1,0\n1,0,1\n2,2,0\n3,1,1\n"));
    DatasetSpec spec;
    spec.kind = "csv";
    spec.path = dir.file("d.csv");
    spec.target = "y";
    spec.task = CsvTask::Classification;
    expectTraitsMatch(spec);
    spec.task = CsvTask::Regression;
    expectTraitsMatch(spec);
    EXPECT_TRUE(dataTraits(spec).regression);
}

TEST(DataTraits, ImageKindsReadFromFilesAreImages) {
    for (const char* kind : {"idx", "fashion-mnist"}) {
        DatasetSpec spec;
        spec.kind = kind;
        const DataTraits t = dataTraits(spec);
        EXPECT_TRUE(t.images) << kind;
        EXPECT_FALSE(t.sequences) << kind;
        EXPECT_FALSE(t.regression) << kind;
    }
}
