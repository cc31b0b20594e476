using MailHa.Operations;

namespace MailHa.Bot.Hosting;

/// <summary>The bot: ASP.NET Core host with chat channels, approvals, jobs and the operator console.</summary>
public static class BotHost
{
    public static WebApplication Build(string? configPath, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        MailHaConfiguration.AddConfigFile(builder.Configuration, configPath);
        builder.Services.AddMailHaOperations();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
