using System.Globalization;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using MailHa.TestSupport.Lab;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// One lab test's world, the one helper every lab test starts from. All tests of a topology share one lab, so the
/// scope puts it at its baseline (<see cref="LabBaseline"/>, which the bench uses too) when the test starts and again
/// when it ends, pass or fail: each service's VIP on its home only (and answering from there), no link cut, every
/// daemon running, no roles state file, no test message in any store. Each test has a journal of its own in a temporary directory; containers built here share it, as a
/// restarted bot or the CLI would. Addresses, interface, labels and paths come from the lab's configuration
/// (<c>lab/.run/mailha.json</c>), for whichever topology is up. The members without a service name are the first
/// service's (the asymmetric lab's only one). <c>await using</c> it.
/// </summary>
public sealed class LabScope : IAsyncDisposable
{
    /// <summary>Messages written by tests start with this, so the restore can remove every one of them.</summary>
    public const string TestMessagePrefix = LabBaseline.TestMessagePrefix;

    private readonly LabFixture _lab;
    private readonly LabBaseline _baseline;
    private readonly string _directory = Directory.CreateTempSubdirectory("mailha-lab-test-").FullName;
    private readonly List<IHost> _hosts = [];
    private bool _snapshot;

    private LabScope(LabFixture lab)
    {
        _lab = lab;
        _baseline = new LabBaseline(lab.Script);
    }

    /// <summary>The lab's services in configuration order, each with its VIP, store, state file and nodes (first = home).</summary>
    public IReadOnlyList<ServiceDefinition> Services => _baseline.Services;

    /// <summary>The service named <paramref name="name"/> (<c>jt-mail-a</c>).</summary>
    public ServiceDefinition Service(string name) => Services.Single(s => s.Name.Value == name);

    /// <summary>The lab's hosts in configuration order.</summary>
    public IReadOnlyList<string> Hosts => _baseline.Hosts;

    /// <summary>The first service's home: it holds that service's VIP at the baseline.</summary>
    public string Primary => First.Home.Value;

    public string VipAddress => First.Vip.Address;

    /// <summary>A host's own service address (<c>MailHa:Nodes:…:ServiceAddress</c>): its SMTP and IMAP answer there.</summary>
    public string ServiceAddress(string host) => _baseline.ServiceAddress(host);

    /// <summary>The first service's message store on every host that may run it (<c>MailHa:Mirror:StorePath</c>).</summary>
    public string StorePath => First.Mirror.StorePath;

    /// <summary>The first service's roles state file on every host (<c>MailHa:Mirror:StateFile</c>).</summary>
    public string StateFile => First.Mirror.StateFile;

    /// <summary>The lab's configuration file, as <c>mailha --config</c> reads it.</summary>
    public string ConfigPath => _lab.ConfigPath;

    /// <summary>The journal database of this test only (<c>MailHa:Storage:DatabasePath</c>).</summary>
    public string DatabasePath => Path.Combine(_directory, "mailha.db");

    /// <summary>Puts the lab at its baseline and gives the test a fresh journal.</summary>
    public static Task<LabScope> StartAsync(LabFixture lab, CancellationToken cancellationToken) =>
        StartAsync(lab, snapshotStores: false, cancellationToken);

    /// <summary>As <see cref="StartAsync(LabFixture, CancellationToken)"/>, and copies both message stores, put back at the end (for tests that change or empty a store).</summary>
    public static Task<LabScope> StartWithStoreSnapshotAsync(LabFixture lab, CancellationToken cancellationToken) =>
        StartAsync(lab, snapshotStores: true, cancellationToken);

    /// <summary>A service container on the lab's configuration and this test's journal (or <paramref name="databasePath"/>), plus <paramref name="overrides"/>; <paramref name="configure"/> may add an observer or decorate a port.</summary>
    public IHost Build(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null, string? databasePath = null)
    {
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase)
        {
            ["MailHa:Storage:DatabasePath"] = databasePath ?? DatabasePath,
        };
        var host = LabServices.Build(_lab, settings, configure);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Another journal in this test's directory: a second bot that never saw this one's changes.</summary>
    public string OtherDatabasePath(string name) => Path.Combine(_directory, $"{name}.db");

    /// <summary>The baseline (<see cref="LabBaseline.RestoreAsync(CancellationToken)"/>), safe from any state a test can leave.</summary>
    public Task RestoreAsync(CancellationToken cancellationToken) => _baseline.RestoreAsync(cancellationToken);

    /// <summary>Whether the host has the first service's VIP configured, from its own interface list.</summary>
    public Task<bool> HoldsVipAsync(string host) => HoldsVipAsync(host, First);

    /// <summary>Whether the host has <paramref name="service"/>'s VIP configured, from its own interface list.</summary>
    public async Task<bool> HoldsVipAsync(string host, ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var addresses = await _lab.ExecAsync(host, $"ip -o addr show dev {service.Vip.Interface}");
        return addresses.Contains($" inet {service.Vip.Address}/", StringComparison.Ordinal);
    }

    /// <summary>Puts the first service's VIP on <paramref name="host"/> too (split brain on purpose); <see cref="RemoveVipAsync(string, string, CancellationToken)"/> or the end of the scope undoes it.</summary>
    public Task AddVipAsync(string host) => AddVipAsync(host, First);

    /// <summary>Puts <paramref name="service"/>'s VIP on <paramref name="host"/> too (split brain on purpose); the end of the scope undoes it.</summary>
    public Task AddVipAsync(string host, ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return _lab.ExecAsync(host, $"ip addr add {service.Vip.Address}/{service.Vip.PrefixLength} dev {service.Vip.Interface} label {service.Vip.Label}");
    }

    /// <summary>Removes the first service's VIP from <paramref name="host"/>; <paramref name="holder"/> announces it again and answers on it.</summary>
    public async Task RemoveVipAsync(string host, string holder, CancellationToken cancellationToken)
    {
        await _lab.ExecAsync(host, $"! {HoldsVipTest(First)} || ip addr del {VipAddress}/{First.Vip.PrefixLength} dev {First.Vip.Interface}");
        await AwaitAnswerFromAsync(First, holder, cancellationToken);
    }

    /// <summary>The SMTP banner read from the first service's VIP (from the root namespace), or null when nothing answers.</summary>
    public Task<string?> VipBannerAsync(CancellationToken cancellationToken) => VipBannerAsync(First, cancellationToken);

    /// <summary>The SMTP banner read from <paramref name="service"/>'s VIP (from the root namespace), or null when nothing answers.</summary>
    public static Task<string?> VipBannerAsync(ServiceDefinition service, CancellationToken cancellationToken) => LabBaseline.VipBannerAsync(service, cancellationToken);

    /// <summary>Which lab host answers on the first service's VIP (the banner is <c>220 &lt;host&gt;.lab ...</c>), or null when nobody does.</summary>
    public Task<string?> VipAnswerAsync(CancellationToken cancellationToken) => VipAnswerAsync(First, cancellationToken);

    /// <summary>Which lab host answers on <paramref name="service"/>'s VIP (the banner is <c>220 &lt;host&gt;.lab ...</c>), or null when nobody does.</summary>
    public static Task<string?> VipAnswerAsync(ServiceDefinition service, CancellationToken cancellationToken) => LabBaseline.VipAnswerAsync(service, cancellationToken);

    /// <summary>Delivers a new message into a user's INBOX Maildir (<c>new/</c>) on one host; returns its path inside the host.</summary>
    public async Task<string> DeliverAsync(string host, string user)
    {
        var path = $"{StorePath}/{user}/INBOX/new/{TestMessagePrefix}{Guid.NewGuid():N}.msg";
        await _lab.ExecAsync(host, $"printf 'From: test@mail.lab\\nTo: {user}@mail.lab\\nSubject: delivered on {host}\\n\\nhello\\n' > '{path}'");
        return path;
    }

    public async Task<bool> ExistsAsync(string host, string path) =>
        (await _lab.ExecAsync(host, $"[ -f '{path}' ] && echo yes || echo no")).Trim() == "yes";

    /// <summary>A listing of a host's store (path, size, mtime per file), to prove it was not touched.</summary>
    public Task<string> StoreListingAsync(string host) =>
        _lab.ExecAsync(host, $"cd '{StorePath}' && find . -type f -printf '%p %s %T@\\n' | sort");

    /// <summary>What the host's own roles state file says, or null when it has none.</summary>
    public async Task<NodeRoleRecord?> StateFileAsync(string host) =>
        NodeRoleRecord.Parse(await _lab.ExecAsync(host, $"cat '{StateFile}' 2>/dev/null || true"));

    /// <summary>One value from this test's journal (Microsoft.Data.Sqlite, not MailHa's code).</summary>
    public async Task<T?> QueryAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        try
        {
            if (_snapshot)
            {
                foreach (var host in Hosts)
                {
                    foreach (var store in StoresOn(host))
                    {
                        await _lab.ExecAsync(host, $"if [ -d '{Snapshot(store)}' ]; then rm -rf '{store}' && mv '{Snapshot(store)}' '{store}'; fi");
                    }
                }
            }

            await RestoreAsync(CancellationToken.None);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ServiceDefinition First => Services[0];

    private IEnumerable<string> StoresOn(string host) => _baseline.StoresOn(host);

    private static string HoldsVipTest(ServiceDefinition service) => LabBaseline.HoldsVipTest(service);

    private static string Snapshot(string store) => store.TrimEnd('/') + ".mailha-test-snapshot";

    private static async Task<LabScope> StartAsync(LabFixture lab, bool snapshotStores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        lab.RequireLab();
        var scope = new LabScope(lab);
        try
        {
            await scope.RestoreAsync(cancellationToken);
            if (snapshotStores)
            {
                scope._snapshot = true;
                foreach (var host in scope.Hosts)
                {
                    foreach (var store in scope.StoresOn(host))
                    {
                        await lab.ExecAsync(host, $"rm -rf '{Snapshot(store)}' && cp -a '{store}' '{Snapshot(store)}'");
                    }
                }
            }

            return scope;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private Task AwaitAnswerFromAsync(ServiceDefinition service, string holder, CancellationToken cancellationToken) =>
        _baseline.AwaitAnswerFromAsync(service, holder, cancellationToken);
}
