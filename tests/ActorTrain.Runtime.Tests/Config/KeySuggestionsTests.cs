namespace ActorTrain.Runtime.Tests.Config;

using ActorTrain.Runtime.Config;

public sealed class KeySuggestionsTests
{
    private static readonly string[] Keys =
        ["training.epochs", "training.lr", "training.batch-size", "cluster.seed-nodes", "cluster.port", "optimizer.momentum"];

    [Fact]
    public void Nearest_OneMissingLetter_FindsKey()
    {
        Assert.Equal("training.epochs", KeySuggestions.Nearest("trainng.epochs", Keys)[0]);
    }

    [Fact]
    public void Nearest_LastSegmentOnly_FindsFullKey()
    {
        Assert.Equal(["optimizer.momentum"], KeySuggestions.Nearest("momentum", Keys));
    }

    [Fact]
    public void Nearest_CaseDifference_CountsAsMatch()
    {
        Assert.Equal("cluster.port", KeySuggestions.Nearest("Cluster.Port", Keys)[0]);
    }

    [Fact]
    public void Nearest_Unrelated_FindsNothing()
    {
        Assert.Empty(KeySuggestions.Nearest("zzzzzz.qqqqq", Keys));
    }

    [Fact]
    public void Nearest_Max_LimitsCountNearestFirst()
    {
        var nearest = KeySuggestions.Nearest("ab", ["ab", "abc", "abcd", "xb", "ax"], max: 2);
        Assert.Equal(["ab", "abc"], nearest);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same", "same", 0)]
    public void EditDistance_KnownPairs_MatchLevenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggestions.EditDistance(a, b));
        Assert.Equal(expected, KeySuggestions.EditDistance(b, a));
    }
}
