using MailHa.Operations.Topology;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// Reads a service's SMTP banner on its VIP over and over (from the root namespace, as users reach it) until stopped,
/// and keeps who answered each time (null: nobody): proof that a service kept answering while another one moved.
/// </summary>
public sealed class BannerWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string?> _answers = [];
    private readonly Task _loop;

    private BannerWatch(ServiceDefinition service) => _loop = LoopAsync(service, _stop.Token);

    public static BannerWatch Start(ServiceDefinition service) => new(service);

    /// <summary>Stops reading and returns who answered, read after read.</summary>
    public async Task<IReadOnlyList<string?>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_answers)
        {
            return [.. _answers];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(ServiceDefinition service, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string? answer;
            try
            {
                answer = await LabScope.VipAnswerAsync(service, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_answers)
            {
                _answers.Add(answer);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
