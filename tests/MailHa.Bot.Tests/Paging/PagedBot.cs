using MailHa.Bot.Paging;
using MailHa.Bot.Tests.Approvals;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Paging;

/// <summary>
/// A bot harness paging a local PagerDuty stand-in through the real pager, its routing key a <c>file:</c> secret as an
/// operator configures it. Disposing stops the pager and the stand-in and removes the secret.
/// </summary>
public sealed class PagedBot : IAsyncDisposable
{
    /// <summary>The one integration key the stand-in accepts.</summary>
    public const string IntegrationKey = "R0UT1NGKEY0000000000000000000001";

    private readonly string _secrets;

    private PagedBot(string secrets, PagerDutyStandIn pagerDuty, BotHarness harness)
    {
        _secrets = secrets;
        PagerDuty = pagerDuty;
        Harness = harness;
    }

    public PagerDutyStandIn PagerDuty { get; }

    public BotHarness Harness { get; }

    public Pager Pager => Harness.Services.GetRequiredService<Pager>();

    /// <param name="configuredKey">The routing key written into the secret (the stand-in accepts only <see cref="IntegrationKey"/>).</param>
    public static async Task<PagedBot> StartAsync(string configuredKey, CancellationToken cancellationToken)
    {
        var secrets = Directory.CreateTempSubdirectory("mailha-paging-").FullName;
        var pagerDuty = await PagerDutyStandIn.StartAsync(IntegrationKey, cancellationToken);
        var keyFile = Path.Combine(secrets, "routing-key");
        await File.WriteAllTextAsync(keyFile, configuredKey + "\n", cancellationToken);
        var harness = new BotHarness(services => services.Configure<PagerDutyOptions>(o =>
        {
            o.RoutingKey = $"file:{keyFile}";
            o.Url = pagerDuty.Url;
            o.RetryDelay = TimeSpan.Zero;
        }));
        var paged = new PagedBot(secrets, pagerDuty, harness);
        await paged.Pager.StartAsync(cancellationToken);
        return paged;
    }

    public async ValueTask DisposeAsync()
    {
        await Pager.StopAsync(CancellationToken.None);
        await PagerDuty.DisposeAsync();
        Harness.Dispose();
        Directory.Delete(_secrets, recursive: true);
    }
}
