using GlcicML.Batch;

namespace GlcicML.Tests.Batch;

public class ShardTests
{
    private static readonly string[] Paths = [.. Enumerable.Range(0, 300).Select(i => $"set{i % 7}/photo_{i:D4}.{(i % 3 == 0 ? "jpg" : "png")}")];

    [Fact]
    public void EveryInput_IsInExactlyOneShard_ForOneToSevenShards()
    {
        for (int count = 1; count <= 7; count++)
        {
            int[] owners = [.. Paths.Select(p => Enumerable.Range(0, count).Count(i => new Shard(i, count).Contains(p)))];
            Assert.All(owners, n => Assert.Equal(1, n));

            // Reasonably even: no shard gets less than half its share of 300 inputs.
            int smallest = Enumerable.Range(0, count).Min(i => Paths.Count(p => new Shard(i, count).Contains(p)));
            Assert.True(smallest >= 300 / count / 2, $"{count} shards: smallest has {smallest}");
        }
    }

    [Fact]
    public void Assignment_IsAFixedFunctionOfTheRelativePath()
    {
        // Pinned, so a change of hash (which would reshuffle running shard jobs) cannot go unnoticed.
        Assert.Equal([4, 4, 2], new[] { "a.png", "photos/b.jpg", "x/y/z.JPEG" }.Select(p => Enumerable.Range(0, 5).Single(i => new Shard(i, 5).Contains(p))));
        Assert.True(new Shard(1, 3).Contains("dir/file.png") == new Shard(1, 3).Contains("dir\\file.png"));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/8", 3, 8)]
    public void Parse_ReadsIndexOverCount(string text, int index, int count) => Assert.Equal(new Shard(index, count), Shard.Parse(text));

    [Theory]
    [InlineData("8/8")]
    [InlineData("1")]
    [InlineData("-1/4")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    public void Parse_RejectsWhatIsNotIOverN(string text)
    {
        var e = Assert.Throws<FormatException>(() => Shard.Parse(text));
        Assert.Contains("i/N with 0 <= i < N", e.Message, StringComparison.Ordinal);
    }
}
