namespace MailHa.Bot.Tests.Slack;

/// <summary>A hang guard, not a timing assertion: the test's token, cancelled anyway after a generous limit.</summary>
public static class TestTimeout
{
    public static CancellationToken Token()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(60));
        return source.Token;
    }
}
