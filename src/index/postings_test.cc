#include "index/postings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

namespace ketnoi::index {
namespace {

struct List {
  std::vector<uint32_t> docs;
  std::vector<uint8_t> impacts;
};

List RandomList(std::mt19937& rng, size_t size, uint32_t universe) {
  std::set<uint32_t> docs;
  while (docs.size() < size) docs.insert(rng() % universe);
  List list;
  list.docs.assign(docs.begin(), docs.end());
  for (size_t i = 0; i < size; ++i) list.impacts.push_back(static_cast<uint8_t>(1 + rng() % 255));
  return list;
}

TEST(PostingsTest, RoundTripsListsOfManySizes) {
  std::mt19937 rng(42);
  std::vector<List> lists;
  PostingIndexBuilder builder;
  const std::vector<size_t> sizes = {0, 1, 2, 127, 128, 129, 255, 256, 257, 1000, 5000};
  for (size_t i = 0; i < sizes.size(); ++i) {
    // Dense and sparse universes exercise small and large gaps.
    const uint32_t universe = i % 2 == 0 ? static_cast<uint32_t>(sizes[i] * 2 + 10) : 4000000000u;
    lists.push_back(RandomList(rng, sizes[i], universe));
    builder.Add(static_cast<uint32_t>(i), lists.back().docs, lists.back().impacts);
  }
  const PostingIndex index = builder.Build();
  ASSERT_EQ(index.num_terms(), sizes.size());
  for (size_t i = 0; i < lists.size(); ++i) {
    PostingCursor cursor(index, static_cast<uint32_t>(i));
    EXPECT_EQ(cursor.size(), lists[i].docs.size());
    for (size_t j = 0; j < lists[i].docs.size(); ++j) {
      ASSERT_EQ(cursor.doc(), lists[i].docs[j]) << "list " << i << " posting " << j;
      ASSERT_EQ(cursor.impact(), lists[i].impacts[j]);
      cursor.Next();
    }
    EXPECT_EQ(cursor.doc(), kEndDoc);
    if (!lists[i].impacts.empty()) {
      EXPECT_EQ(cursor.max_impact(),
                *std::max_element(lists[i].impacts.begin(), lists[i].impacts.end()));
    }
  }
  EXPECT_EQ(PostingCursor(index, 999).doc(), kEndDoc);
  EXPECT_EQ(index.size(999), 0u);
}

TEST(PostingsTest, RoundTripsManyTermsOfEveryRecordKind) {
  // Thousands of terms cross many directory samples; sizes cover empty, single-posting,
  // varint-coded, one-block and multi-block lists, with narrow and wide impact ranges.
  std::mt19937 rng(7);
  std::vector<List> lists(3000);
  PostingIndexBuilder builder;
  for (uint32_t term = 0; term < lists.size(); ++term) {
    if (term % 5 == 4) continue;  // Never added: empty.
    const size_t size = term % 7 == 0 ? rng() % 400 : rng() % 4;
    const uint32_t universe = term % 3 == 0 ? 1000000 : static_cast<uint32_t>(size * 3 + 5);
    lists[term] = RandomList(rng, size, universe);
    if (term % 2 == 0) {
      for (uint8_t& impact : lists[term].impacts) impact = static_cast<uint8_t>(200 + rng() % 40);
    }
    builder.Add(term, lists[term].docs, lists[term].impacts);
  }
  const PostingIndex index = builder.Build();
  ASSERT_EQ(index.num_terms(), lists.size() - 1);  // The last term was never added.
  for (uint32_t term = 0; term < lists.size(); ++term) {
    const List& list = lists[term];
    ASSERT_EQ(index.size(term), list.docs.size()) << "term " << term;
    PostingCursor cursor(index, term);
    ASSERT_EQ(cursor.size(), list.docs.size());
    for (size_t j = 0; j < list.docs.size(); ++j) {
      ASSERT_EQ(cursor.doc(), list.docs[j]) << "term " << term << " posting " << j;
      ASSERT_EQ(cursor.impact(), list.impacts[j]);
      ASSERT_LE(cursor.impact(), cursor.block_max_impact(cursor.current_block()));
      ASSERT_GE(cursor.block_last_doc(cursor.current_block()), cursor.doc());
      cursor.Next();
    }
    EXPECT_EQ(cursor.doc(), kEndDoc);
    EXPECT_EQ(cursor.current_block(), cursor.num_blocks());
  }
}

TEST(PostingsTest, RoundTripsImpactsAtBothEndsOfTheRange) {
  // 0 and 255 in one block are the largest differences from a block's median; single
  // postings keep their impact in the record's head; a few huge gaps among small ones make
  // long unary codes.
  PostingIndexBuilder builder;
  std::vector<List> lists;
  for (size_t size : {1, 1, 2, 3, 128, 300}) {
    List list;
    uint32_t doc = size == 1 ? 0 : 7;
    for (size_t i = 0; i < size; ++i) {
      list.docs.push_back(doc);
      list.impacts.push_back(static_cast<uint8_t>(i % 2 == 0 ? 255 : 0));
      doc += i % 50 == 49 ? 3000000000u / 8 : 1 + static_cast<uint32_t>(i % 3);
    }
    if (lists.size() == 1) list = {{4000000000u}, {0}};
    builder.Add(static_cast<uint32_t>(lists.size()), list.docs, list.impacts);
    lists.push_back(std::move(list));
  }
  const PostingIndex index = builder.Build();
  for (uint32_t term = 0; term < lists.size(); ++term) {
    const List& list = lists[term];
    EXPECT_EQ(index.size(term), list.docs.size());
    PostingCursor cursor(index, term);
    for (size_t j = 0; j < list.docs.size(); ++j) {
      ASSERT_EQ(cursor.doc(), list.docs[j]) << "term " << term << " posting " << j;
      ASSERT_EQ(cursor.impact(), list.impacts[j]);
      cursor.Next();
    }
    EXPECT_EQ(cursor.doc(), kEndDoc);
  }
}

TEST(PostingsTest, RareTermsCostAFewBytes) {
  // Most terms have one to three postings; with no skip data and a sampled directory, such
  // a list costs its varints and impacts and little more.
  std::mt19937 rng(13);
  PostingIndexBuilder builder;
  uint64_t postings = 0;
  for (uint32_t term = 0; term < 10000; ++term) {
    const List list = RandomList(rng, 1 + rng() % 3, 50000);
    postings += list.docs.size();
    builder.Add(term, list.docs, list.impacts);
  }
  const PostingIndex index = builder.Build();
  EXPECT_LT(static_cast<double>(index.bytes()) / postings, 4.5);
}

TEST(PostingsTest, NextGeqSkipsToTheFirstDocumentNotBelowTheTarget) {
  std::mt19937 rng(3);
  for (int round = 0; round < 20; ++round) {
    const List list = RandomList(rng, 1 + rng() % 3000, 1 + 4000 + rng() % 100000);
    PostingIndexBuilder builder;
    builder.Add(0, list.docs, list.impacts);
    const PostingIndex index = builder.Build();
    PostingCursor cursor(index, 0);
    uint32_t target = 0;
    while (true) {
      target += rng() % 300;
      cursor.NextGEQ(target);
      auto it = std::lower_bound(list.docs.begin(), list.docs.end(), target);
      if (it == list.docs.end()) {
        EXPECT_EQ(cursor.doc(), kEndDoc);
        break;
      }
      ASSERT_EQ(cursor.doc(), *it);
      // Impacts are decoded lazily: check some, skip others.
      if (rng() % 2 == 0) {
        ASSERT_EQ(cursor.impact(), list.impacts[it - list.docs.begin()]);
      }
    }
  }
}

TEST(PostingsTest, BlockMetadataBoundsEveryBlock) {
  std::mt19937 rng(5);
  const List list = RandomList(rng, 1000, 5000);
  PostingIndexBuilder builder;
  builder.Add(3, list.docs, list.impacts);
  const PostingIndex index = builder.Build();
  PostingCursor cursor(index, 3);
  ASSERT_EQ(cursor.num_blocks(), 8u);
  for (uint32_t b = 0; b < cursor.num_blocks(); ++b) {
    const size_t last = std::min<size_t>((b + 1) * kBlockSize, list.docs.size()) - 1;
    EXPECT_EQ(cursor.block_last_doc(b), list.docs[last]);
    EXPECT_EQ(cursor.block_max_impact(b), *std::max_element(list.impacts.begin() + b * kBlockSize,
                                                            list.impacts.begin() + last + 1));
  }
}

TEST(PostingsTest, DenseListsCostLittleMoreThanAByteAPosting) {
  std::mt19937 rng(11);
  PostingIndexBuilder builder;
  uint64_t postings = 0;
  for (uint32_t term = 0; term < 50; ++term) {
    List list = RandomList(rng, 20000, 50000);
    for (uint8_t& impact : list.impacts) impact = static_cast<uint8_t>(rng() % 64);
    postings += list.docs.size();
    builder.Add(term, list.docs, list.impacts);
  }
  const PostingIndex index = builder.Build();
  EXPECT_EQ(index.num_postings(), postings);
  EXPECT_LT(static_cast<double>(index.bytes()) / postings, 1.5);
}

}  // namespace
}  // namespace ketnoi::index
