using MailKit.Net.Smtp;
using MimeKit;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// Users' mail at a steady rate: one message every <c>interval</c> handed to the lab's sending MTA (a
/// Postfix on 127.0.0.1:2525 in the root namespace that relays to the VIP, queues and retries), numbered
/// in the subject, until stopped. The sender always accepts, so <see cref="Sent"/> is what users sent.
/// </summary>
public sealed class SteadyMail : IAsyncDisposable
{
    public const int SenderPort = 2525;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _sent;

    private SteadyMail(string user, string subject, TimeSpan interval) => _loop = LoopAsync(user, subject, interval, _stop.Token);

    public int Sent => Volatile.Read(ref _sent);

    public static SteadyMail Start(string user, string subject, TimeSpan interval) => new(user, subject, interval);

    /// <summary>Waits until <paramref name="count"/> more messages than now have been handed over.</summary>
    public async Task SendMoreAsync(int count, CancellationToken cancellationToken)
    {
        var target = Sent + count;
        if (!await Eventually.TrueAsync(() => Task.FromResult(Sent >= target || _loop.IsCompleted), TimeSpan.FromSeconds(60), cancellationToken) || _loop.IsFaulted)
        {
            await _loop; // surfaces the sender's failure
            throw new InvalidOperationException($"the sending MTA took only {Sent} of {target} messages within a minute");
        }
    }

    /// <summary>Stops sending and returns how many messages were handed over in all.</summary>
    public async Task<int> StopAsync()
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

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(string user, string subject, TimeSpan interval, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var smtp = new SmtpClient { Timeout = 5000 };
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!smtp.IsConnected)
            {
                await smtp.ConnectAsync("127.0.0.1", SenderPort, MailKit.Security.SecureSocketOptions.None, cancellationToken);
            }

            using var message = new MimeMessage();
            message.From.Add(new MailboxAddress("MailHa tests", $"tests@{LabMail.Domain}"));
            message.To.Add(new MailboxAddress(user, $"{user}@{LabMail.Domain}"));
            message.Subject = $"{subject} {Sent + 1}";
            message.Body = new TextPart("plain") { Text = message.Subject };
            await smtp.SendAsync(message, cancellationToken);
            Interlocked.Increment(ref _sent);
            await Task.Delay(interval, cancellationToken);
        }
    }
}
