// Machine-type names against the rules of anchors notes/machine-types.md.
#include "settings/machine_types.h"

#include <gtest/gtest.h>

namespace formsender::settings {
namespace {

TEST(MachineTypesTest, WorkedChecksOfTheNotes) {
  EXPECT_TRUE(ParseMachineType("n2d-custom-2-4096").ok());
  EXPECT_TRUE(ParseMachineType("n2d-custom-2-16384").ok());
  EXPECT_TRUE(ParseMachineType("n2d-custom-96-786432").ok());
  EXPECT_TRUE(ParseMachineType("n2d-custom-2-16640-ext").ok());
  for (const char* bad : {"n2d-custom-6-8192", "n2d-custom-2-1000", "n2d-custom-2-768",
                          "n2d-custom-2-16640", "n2d-custom-96-786688-ext"}) {
    EXPECT_FALSE(ParseMachineType(bad).ok()) << bad;
  }
  // The helper sample's names.
  for (const char* good :
       {"n2-custom-4-4096", "e2-custom-8-8192", "custom-8-8192", "e2-custom-small-4096",
        "e2-custom-micro-2048", "n2-custom-8-638720-ext"}) {
    EXPECT_TRUE(ParseMachineType(good).ok())
        << good << ": " << ParseMachineType(good).status().message();
  }
}

TEST(MachineTypesTest, SaysWhichRuleFails) {
  auto msg = [](const char* name) { return ParseMachineType(name).status().message(); };
  EXPECT_EQ(
      msg("n2d-custom-2-1000"),
      "\"n2d-custom-2-1000\" is not a valid machine type: memory must be a multiple of 256 MiB");
  EXPECT_EQ(msg("n2d-custom-2-768"),
            "\"n2d-custom-2-768\" is not a valid machine type: memory must be at least 512 MiB per "
            "vCPU (1024 MiB)");
  EXPECT_EQ(msg("n2d-custom-2-16640"),
            "\"n2d-custom-2-16640\" is not a valid machine type: more than 8192 MiB per vCPU needs "
            "extended memory (the -ext suffix)");
  EXPECT_EQ(msg("e2-custom-2-16640-ext"),
            "\"e2-custom-2-16640-ext\" is not a valid machine type: E2 allows at most 8192 MiB per "
            "vCPU (16384 MiB) and has no extended memory");
  EXPECT_EQ(msg("e2-custom-1-4096"),  // the reference dispatcher's default for one worker
            "\"e2-custom-1-4096\" is not a valid machine type: E2 custom vCPU count must be one of "
            "2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32");
  EXPECT_EQ(msg("n2d-custom-4-8192-ext"),
            "\"n2d-custom-4-8192-ext\" is not a valid machine type: -ext is only for memory above "
            "8192 MiB per vCPU");
  EXPECT_EQ(
      msg("e2-standard-3"),
      "\"e2-standard-3\" is not a valid machine type: e2-standard comes in 2, 4, 8, 16, 32 vCPUs");
  EXPECT_EQ(msg("n2d-turbo-4"),
            "\"n2d-turbo-4\" is not a valid machine type: series n2d has no \"turbo\" type "
            "(standard, highmem, highcpu, custom)");
  EXPECT_EQ(msg(""), "\"\" is not a valid machine type: empty");
  EXPECT_FALSE(ParseMachineType("e2_standard_2").ok());
  EXPECT_FALSE(ParseMachineType("2-standard").ok());
  EXPECT_FALSE(ParseMachineType("n2-custom-08-8192").ok());
}

TEST(MachineTypesTest, PredefinedCapacities) {
  auto cap = [](const char* name) {
    auto s = ParseMachineType(name);
    EXPECT_TRUE(s.ok()) << name;
    return std::make_pair(s->cpu_milli.value_or(-1), s->memory_mb.value_or(-1));
  };
  EXPECT_EQ(cap("e2-standard-2"), std::make_pair(int64_t{2000}, int64_t{8192}));
  EXPECT_EQ(cap(" E2-Standard-32 "), std::make_pair(int64_t{32000}, int64_t{131072}));
  EXPECT_EQ(cap("e2-highcpu-8"), std::make_pair(int64_t{8000}, int64_t{8192}));
  EXPECT_EQ(cap("e2-highmem-16"), std::make_pair(int64_t{16000}, int64_t{131072}));
  EXPECT_EQ(cap("e2-medium"), std::make_pair(int64_t{1000}, int64_t{4096}));
  EXPECT_EQ(cap("n2-highmem-2"), std::make_pair(int64_t{2000}, int64_t{16384}));
  EXPECT_EQ(cap("n2d-standard-4"), std::make_pair(int64_t{4000}, int64_t{16384}));
  EXPECT_EQ(cap("n1-standard-1"), std::make_pair(int64_t{1000}, int64_t{3840}));
  EXPECT_EQ(cap("n2d-custom-4-10240"), std::make_pair(int64_t{4000}, int64_t{10240}));
  // Other families are accepted with an unknown capacity.
  auto c3 = ParseMachineType("c3-standard-4");
  ASSERT_TRUE(c3.ok());
  EXPECT_FALSE(c3->capacity_known());
}

TEST(MachineTypesTest, SmallestCustomShape) {
  auto name = [](const char* series, int64_t milli, int64_t mb) {
    auto s = SmallestCustomShape(series, milli, mb);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? s->name : "";
  };
  EXPECT_EQ(name("n2d", 3000, 8192), "n2d-custom-4-8192");
  EXPECT_EQ(name("n2d", 2000, 6144), "n2d-custom-2-6144");
  EXPECT_EQ(name("n2d", 2000, 20000), "n2d-custom-4-20224");   // 2 vCPUs hold at most 16384
  EXPECT_EQ(name("n2d", 50000, 2048), "n2d-custom-64-32768");  // raised to 512 MiB per vCPU
  EXPECT_EQ(name("n2", 6000, 14336), "n2-custom-6-14336");
  EXPECT_EQ(name("n2", 100000, 204800), "n2-custom-100-204800");
  EXPECT_EQ(name("e2", 1000, 4096), "e2-custom-2-4096");
  EXPECT_EQ(name("n1", 1000, 1024), "custom-1-1024");
  EXPECT_FALSE(SmallestCustomShape("n2d", 128000, 8192).ok());
  EXPECT_FALSE(SmallestCustomShape("c3", 1000, 1024).ok());
}

}  // namespace
}  // namespace formsender::settings
