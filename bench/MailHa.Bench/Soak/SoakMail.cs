namespace MailHa.Bench.Soak;

/// <summary>
/// Users' mail through every VIP for the whole soak: one steady sender per service (a message every 500 ms through the
/// lab's sending MTA, which relays the service's domain to its VIP and retries what is deferred), each with its own
/// numbered subjects, counted at the end by IMAP on the node serving that service.
/// </summary>
internal sealed class SoakMail : IAsyncDisposable
{
    private SoakMail(IReadOnlyList<(SoakService Service, SmtpSender Sender)> senders) => Senders = senders;

    public IReadOnlyList<(SoakService Service, SmtpSender Sender)> Senders { get; }

    /// <summary>Starts a sender per service; the subject is <paramref name="runId"/>, with the service's name when there are several.</summary>
    public static SoakMail Start(SoakTopology topology, string runId) =>
        new([.. topology.Services.Select(s => (s, SmtpSender.Start(topology.OneService ? runId : $"{runId} {s.Name}", periodMs: 500, maxMessages: 100_000, s.Domain, s.ImapUser)))]);

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, sender) in Senders)
        {
            await sender.DisposeAsync();
        }
    }
}
