namespace MailHa.TestSupport;

/// <summary>
/// A hang guard for awaited conditions: never a threshold a test passes or fails on, only a bound so a broken
/// build fails instead of hanging CI.
/// </summary>
public static class Wait
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60); // a CI machine running three test projects at once can be slow

    public static CancellationToken Token()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(Guard);
        return source.Token;
    }
}
