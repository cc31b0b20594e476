using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Incidents;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Reporting;
using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>
/// The bot's real router, approvals, audit and journal over fakes of the network ports, with people
/// alice and bob (approvers, on Slack and Teams), carol (read only) and a fake clock.
/// </summary>
public sealed class BotHarness : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailha-bot-").FullName;
    private readonly Action<IServiceCollection>? _configure;
    private readonly Action<IServiceCollection, IConfiguration>? _channels;
    private readonly LabTopology _topology;
    private readonly Dictionary<string, string?> _storage = [];
    private readonly Dictionary<string, RecordingConversation> _conversations = new(StringComparer.Ordinal);
    private readonly List<ServiceProvider> _others = [];
    private ServiceProvider _services;

    public BotHarness(Action<IServiceCollection>? configure = null)
        : this(configure, null)
    {
    }

    /// <summary>
    /// A bot with <paramref name="settings"/> added to the lab's (a chat channel's, say) and <paramref name="channels"/>
    /// registering what reads them from the configuration (<c>AddSlack</c>, <c>AddTeams</c>) beside the harness's own channels.
    /// </summary>
    public BotHarness(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> channels)
        : this(null, null, LabTopology.Asymmetric, settings ?? throw new ArgumentNullException(nameof(settings)), channels)
    {
    }

    /// <summary>A bot over the nodes and services of <paramref name="topology"/> (mail3 in N+1).</summary>
    public BotHarness(LabTopology topology)
        : this(null, null, topology)
    {
    }

    /// <summary>A bot over <paramref name="topology"/> with <paramref name="settings"/> over its configuration (a service's node list, say).</summary>
    public BotHarness(LabTopology topology, IReadOnlyDictionary<string, string?> settings)
        : this(null, null, topology, settings ?? throw new ArgumentNullException(nameof(settings)))
    {
    }

    private BotHarness(
        Action<IServiceCollection>? configure,
        string? postgresConnectionString,
        LabTopology topology = LabTopology.Asymmetric,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection, IConfiguration>? channels = null)
    {
        _configure = configure;
        _channels = channels;
        _topology = topology;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _storage[key] = value;
        }

        if (postgresConnectionString is not null)
        {
            var secret = Path.Combine(_directory, "connection-string");
            File.WriteAllText(secret, postgresConnectionString);
            _storage["MailHa:Storage:Provider"] = nameof(StorageProvider.PostgreSql);
            _storage["MailHa:Storage:ConnectionString"] = $"file:{secret}";
        }

        AlertChannel = Conversation("alerts");
        _services = Build();
    }

    /// <summary>A bot whose journal is a fresh database of <paramref name="provider"/> (SQLite in its directory, or one on <paramref name="postgres"/>).</summary>
    public static async Task<BotHarness> StartAsync(StorageProvider provider, PostgresServer postgres, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return provider == StorageProvider.PostgreSql
            ? new BotHarness(configure, await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken))
            : new BotHarness(configure);
    }

    /// <summary>
    /// Stops this bot and starts another on the same journal, nodes, clock and chat platform: what it remembers,
    /// it remembers through the journal only.
    /// </summary>
    public void Restart()
    {
        _services.Dispose();
        _services = Build();
    }

    /// <summary>The chat platform's conversation <paramref name="key"/> (one per key, like a channel): the bot can open it again from its address.</summary>
    public RecordingConversation Conversation(string key)
    {
        lock (_conversations)
        {
            if (!_conversations.TryGetValue(key, out var conversation))
            {
                conversation = new RecordingConversation(key);
                _conversations[key] = conversation;
            }

            return conversation;
        }
    }

    /// <summary>
    /// A second instance running beside this one, on the same journal, nodes, clock and chat platform (two MailHa
    /// instances of one installation); disposed with this harness.
    /// </summary>
    public IServiceProvider Another()
    {
        var other = Build();
        _others.Add(other);
        return other;
    }

    private ServiceProvider Build()
    {
        var settings = Settings(_directory, _topology);
        foreach (var (key, value) in _storage)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Nodes);
        services.AddSingleton<IRemoteShell>(Nodes);
        services.AddSingleton<IServiceProbe>(Nodes);
        services.AddSingleton<IDirectoryClientFactory>(Nodes);
        services.AddSingleton<IHostApplicationLifetime, TestLifetime>();
        services.AddMailHaOperations();
        services.AddPeople();
        services.AddUseCases();
        services.AddApprovals();
        services.AddAlerts();
        services.AddIncidentPosts();
        services.AddSingleton<IAlertChannelSource>(new AlertSource(AlertChannel));
        services.AddSingleton<IConversationOpener>(new Opener(this));
        services.AddSingleton<IReportObserver<ChatRequestHandled>>(Outcomes);
        services.AddSingleton<IReportObserver<AlertRaised>>(Alerts);
        _configure?.Invoke(services);
        _channels?.Invoke(services, configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    /// <summary>The lab configuration of <paramref name="topology"/> (the two-node pair by default) with alice, bob and carol, a journal and secrets under <paramref name="directory"/>.</summary>
    public static Dictionary<string, string?> Settings(string directory, LabTopology topology = LabTopology.Asymmetric)
    {
        var settings = ServiceSettings.Create(directory, topology);
        settings["MailHa:Approvals:Expiry"] = "00:10:00";

        string[][] people = [["alice", "Read,Request,Approve"], ["bob", "Read,Request,Approve"], ["carol", "Read"]];
        for (var i = 0; i < people.Length; i++)
        {
            settings[$"MailHa:People:{i}:Name"] = people[i][0];
            var roles = people[i][1].Split(',');
            for (var r = 0; r < roles.Length; r++)
            {
                settings[$"MailHa:People:{i}:Roles:{r}"] = roles[r];
            }

            settings[$"MailHa:People:{i}:Slack:0:Tenant"] = "T1";
            settings[$"MailHa:People:{i}:Slack:0:User"] = $"U-{people[i][0]}";
            settings[$"MailHa:People:{i}:Teams:0:Tenant"] = "tenant-1";
            settings[$"MailHa:People:{i}:Teams:0:User"] = $"aad-{people[i][0]}";
        }
        return settings;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public FakeNodes Nodes { get; } = new();

    /// <summary>How each chat request ended (kept across <see cref="Restart"/>).</summary>
    public ChatOutcomes Outcomes { get; } = new();

    /// <summary>Every alert raised, typed (kept across <see cref="Restart"/>).</summary>
    public RaisedAlerts Alerts { get; } = new();

    public RecordingConversation AlertChannel { get; }

    public IServiceProvider Services => _services;

    /// <summary>The one service of the pair.</summary>
    public MailHa.Operations.Topology.ServiceDefinition Service => _services.GetRequiredService<MailHa.Operations.Topology.MailTopology>().Services[0];

    public IChatRouter Router => _services.GetRequiredService<IChatRouter>();

    public static ChatUser Slack(string name) => new(ChatPlatform.Slack, "T1", $"U-{name}", name);

    public static ChatUser Teams(string name) => new(ChatPlatform.Teams, "tenant-1", $"aad-{name}", name);

    public Task<ChatMessage?> SayAsync(ChatUser user, string text, IChatConversation conversation) =>
        Router.HandleAsync(new ChatCommandEvent(user, Guid.NewGuid().ToString("N"), text), conversation, TestContext.Current.CancellationToken);

    public Task<ChatMessage?> ClickAsync(ChatUser user, CardAction action, IChatConversation conversation, string? deliveryId = null) =>
        Router.HandleAsync(new ChatActionEvent(user, deliveryId ?? Guid.NewGuid().ToString("N"), action, null), conversation, TestContext.Current.CancellationToken);

    public void Dispose()
    {
        foreach (var other in _others)
        {
            other.Dispose();
        }

        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class Opener(BotHarness harness) : IConversationOpener
    {
        public ChatPlatform Platform => ChatPlatform.Console;

        public IChatConversation Open(ConversationAddress address) => harness.Conversation(address.Id);
    }

    private sealed class AlertSource(IChatConversation channel) : IAlertChannelSource
    {
        public IReadOnlyList<IChatConversation> AlertChannels() => [channel];
    }

    private sealed class TestLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
