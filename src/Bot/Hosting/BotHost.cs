using Hangfire;
using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Channels.Console;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Incidents;
using MailHa.Bot.Monitoring;
using MailHa.Bot.People;
using MailHa.Bot.UseCases;
using MailHa.Operations;
using MailHa.Operations.Jobs;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Hosting;

/// <summary>The bot: ASP.NET Core host with chat channels, approvals, alerts, jobs and the operator console.</summary>
public static class BotHost
{
    /// <summary>
    /// Builds the bot from <paramref name="configPath"/>. <paramref name="configure"/> runs before the bot's own
    /// registrations, which read configuration (which channels are enabled): configuration it adds decides what registers.
    /// </summary>
    public static WebApplication Build(string? configPath, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        MailHaConfiguration.AddConfigFile(builder.Configuration, configPath);
        configure?.Invoke(builder);
        builder.Services.AddMailHaOperations();
        builder.Services.AddMailHaJobs();
        builder.Services.AddPeople();
        builder.Services.AddUseCases();
        builder.Services.AddApprovals();
        builder.Services.AddAlerts();
        builder.Services.AddIncidentPosts();
        builder.Services.AddHostedService<HealthSchedule>();
        builder.Services.AddHostedService<AuditHeadPost>();
        builder.Services.AddHostedService<InterruptedOperationWatch>();
        builder.Services.AddSlack(builder.Configuration);
        builder.Services.AddTeams(builder.Configuration);
        builder.Services.AddConsoleChannel(builder.Configuration);
        builder.Services.AddMonitoring();

        var app = builder.Build();
        app.MapMonitoring();
        app.MapSlack();
        app.MapTeams();
        app.MapConsole();

        // Operators' job dashboard: Hangfire's default filter serves it to local requests only.
        app.MapHangfireDashboard("/hangfire");
        return app;
    }
}
