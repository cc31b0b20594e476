using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MimeKit;

namespace MailHa.Bench;

/// <summary>
/// What the users' mail came to in one move: <see cref="Sent"/> handed to the lab's sending MTA, <see cref="Arrived"/>
/// counted by IMAP on the target afterwards, and how long after the last was sent the count stopped growing
/// (deferred mail retried by the sender included). Deferred then delivered is not lost.
/// </summary>
internal sealed record SmtpResult(int Sent, int Arrived, double SettledMs)
{
    public int Lost => Sent - Arrived;
}

/// <summary>
/// Users sending mail at a steady rate through the lab's sending MTA (Postfix in the root namespace on
/// 127.0.0.1:2525, which relays to the VIP, queues and retries what is deferred): one message every
/// <see cref="PeriodMs"/> ms to <see cref="User"/>, numbered in a subject unique to the run. Bounded: at most
/// <see cref="MaxMessages"/> messages; it stops by itself after that.
/// </summary>
internal sealed class SmtpSender : IAsyncDisposable
{
    public const int SenderPort = 2525;
    public const string User = "user20";
    public const string Domain = "mail.lab";
    public const int PeriodMs = 100;
    public const int MaxMessages = 1200;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _periodMs;
    private readonly int _maxMessages;
    private readonly List<DateTimeOffset> _sentAt = [];
    private readonly string _domain;
    private readonly string _login;
    private int _sent;

    private SmtpSender(string subject, int periodMs, int maxMessages, string domain = Domain, string login = User)
    {
        Subject = subject;
        _periodMs = periodMs;
        _maxMessages = maxMessages;
        _domain = domain;
        _login = login;
        _loop = LoopAsync(_stop.Token);
    }

    public string Subject { get; }

    public int Sent => Volatile.Read(ref _sent);

    /// <summary>When message n (1-based) was handed to the sending MTA: <c>SentAt[n - 1]</c>.</summary>
    public IReadOnlyList<DateTimeOffset> SentAt
    {
        get
        {
            lock (_sentAt)
            {
                return [.. _sentAt];
            }
        }
    }

    public static SmtpSender Start(string runId) => new($"bench smtp {runId}", PeriodMs, MaxMessages);

    /// <summary>A longer steady flow (the soak's): one message every <paramref name="periodMs"/> ms, at most <paramref name="maxMessages"/>; a refused or broken session is retried.</summary>
    public static SmtpSender Start(string runId, int periodMs, int maxMessages) => new($"bench smtp {runId}", periodMs, maxMessages);

    /// <summary>
    /// As <see cref="Start(string, int, int)"/>, to <see cref="User"/> in a service's mail <paramref name="domain"/> (the
    /// sending MTA relays it to that service's VIP), counted by IMAP as <paramref name="login"/>.
    /// </summary>
    public static SmtpSender Start(string runId, int periodMs, int maxMessages, string domain, string login) => new($"bench smtp {runId}", periodMs, maxMessages, domain, login);

    /// <summary>Stops sending; returns how many were sent.</summary>
    public Task<int> FinishAsync() => StopAsync();

    /// <summary>The numbers of the messages of this run found by IMAP in <see cref="User"/>'s inbox at <paramref name="address"/> (a host's own), one entry per copy.</summary>
    public async Task<List<int>> ArrivedAsync(string address, CancellationToken cancellationToken)
    {
        using var imap = new ImapClient { Timeout = 30000 };
        await imap.ConnectAsync(address, 143, MailKit.Security.SecureSocketOptions.None, cancellationToken);
        await imap.AuthenticateAsync(_login, $"lab-{User}", cancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var found = await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(Subject), cancellationToken);
        var summaries = found.Count == 0 ? [] : await imap.Inbox.FetchAsync(found, MessageSummaryItems.Envelope, cancellationToken);
        await imap.DisconnectAsync(true, cancellationToken);
        return [.. summaries.Select(s => s.Envelope?.Subject ?? "").Where(s => s.StartsWith(Subject + " ", StringComparison.Ordinal))
            .Select(s => int.Parse(s[(Subject.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Stops sending, then counts on <paramref name="target"/> by IMAP until every message is there or the count has not grown for 20 s (the sender retries every 1–2 s).</summary>
    public async Task<SmtpResult> StopAndCountAsync(string target, CancellationToken cancellationToken)
    {
        var sent = await StopAsync();
        var clock = Stopwatch.StartNew();
        var address = $"198.18.15.{Lab.Index(target) + 1}";
        var arrived = 0;
        var settled = 0.0;
        var lastGrowth = Stopwatch.StartNew();
        while (arrived < sent && lastGrowth.Elapsed < Patience)
        {
            var count = await CountAsync(address, cancellationToken);
            if (count > arrived)
            {
                arrived = count;
                settled = clock.Elapsed.TotalMilliseconds;
                lastGrowth.Restart();
            }

            if (arrived < sent)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }

        return new SmtpResult(sent, arrived, settled);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        return Sent;
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var smtp = new SmtpClient { Timeout = 5000 };
        var next = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested && Sent < _maxMessages)
        {
            using var message = new MimeMessage();
            message.From.Add(new MailboxAddress("MailHa bench", $"bench@{_domain}"));
            message.To.Add(new MailboxAddress(User, $"{User}@{_domain}"));
            message.Subject = $"{Subject} {Sent + 1}";
            message.Body = new TextPart("plain") { Text = message.Subject };
            try
            {
                if (!smtp.IsConnected)
                {
                    await smtp.ConnectAsync("127.0.0.1", SenderPort, MailKit.Security.SecureSocketOptions.None, cancellationToken);
                }

                await smtp.SendAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException)
            {
                // The sending MTA on loopback refused or dropped the session: the same message again, on a new one.
                await smtp.DisconnectAsync(false, CancellationToken.None);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            lock (_sentAt)
            {
                _sentAt.Add(DateTimeOffset.UtcNow);
            }

            Interlocked.Increment(ref _sent);
            var wait = TimeSpan.FromMilliseconds((double)_periodMs * Sent) - next.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    private async Task<int> CountAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            using var imap = new ImapClient { Timeout = 5000 };
            await imap.ConnectAsync(address, 143, MailKit.Security.SecureSocketOptions.None, cancellationToken);
            await imap.AuthenticateAsync(_login, $"lab-{User}", cancellationToken);
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var found = await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(Subject), cancellationToken);
            var summaries = found.Count == 0 ? [] : await imap.Inbox.FetchAsync(found, MessageSummaryItems.Envelope, cancellationToken);
            await imap.DisconnectAsync(true, cancellationToken);
            // Distinct numbered subjects: a message the source stored just as it was cut is retried to the target too.
            return summaries.Select(summary => summary.Envelope?.Subject).Distinct().Count();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException or ProtocolException)
        {
            return 0; // the target's Dovecot not answering yet counts as nothing arrived
        }
    }
}
