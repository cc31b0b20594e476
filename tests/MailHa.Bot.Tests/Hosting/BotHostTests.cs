using MailHa.Bot.Channels.Console;
using MailHa.Bot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Hosting;

public class BotHostTests
{
    [Fact]
    public async Task Build_RegistersConsoleChannel_WhenConfigureEnablesIt()
    {
        var enabled = new Dictionary<string, string?> { ["MailHa:Console:Enabled"] = "true", ["MailHa:Console:Mode"] = "Demo" };

        await using var app = BotHost.Build(null, builder => builder.Configuration.AddInMemoryCollection(enabled));

        // The console's endpoints are mapped from the final configuration; their feed must be registered from it too.
        Assert.NotNull(app.Services.GetService<ConsoleFeed>());
    }
}
