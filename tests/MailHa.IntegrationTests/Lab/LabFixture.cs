using System.Text.Json.Nodes;
using MailHa.Operations.Ldap;
using MailHa.TestSupport.Lab;

[assembly: AssemblyFixture(typeof(MailHa.IntegrationTests.Lab.LabFixture))]

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// The real lab (lab/lab up), one per machine: this assembly fixture holds a machine-wide lock for the whole run, so
/// two test runs never share or break one lab, and brings up the topology each collection asks for
/// (<see cref="UpAsync"/>, from the collection's <see cref="TopologyLab"/>): one lab per topology per run, never two at
/// once, torn down at the end. Where the lab cannot be built (no root, no iproute2) tests skip with the reason, except
/// under CI=true where that fails.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    // Not lab/lab's own lock (it takes that one per verb): this one spans a whole test run.
    private const string LockPath = "/run/lock/mailha-lab-tests.lock";
    private FileStream? _lock;
    private string? _cannotRun;

    /// <summary>The topology of the lab that is up, or null before the first collection asked for one.</summary>
    public LabTopology? Topology { get; private set; }

    /// <summary><c>lab/lab</c> of the repository these tests were built in (shared with the bench).</summary>
    public LabScript Script { get; } = new(LabScript.FindRepositoryRoot(AppContext.BaseDirectory));

    public string RepositoryRoot => Script.RepositoryRoot;

    public string RunDirectory => Script.RunDirectory;

    public string ConfigPath => Script.ConfigPath;

    /// <summary>
    /// The lab's directory flavour from <c>MAILHA_LAB_DIRECTORY</c> (<c>openldap</c>, the default, or <c>389ds</c>):
    /// test.sh runs the directory tests a second time against 389 Directory Server.
    /// </summary>
    public static string? DirectoryFlavour => Environment.GetEnvironmentVariable("MAILHA_LAB_DIRECTORY") is { Length: > 0 } kind ? kind : null;

    /// <summary>Why the lab is not available, or null when it is up.</summary>
    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip"))
        {
            Unavailable = _cannotRun = "the lab needs root and iproute2 (network namespaces)";
            if (IsCi)
            {
                throw new InvalidOperationException($"CI=true but {Unavailable}.");
            }

            return;
        }

        // A caller that queued on the lock itself (flock /run/lock/mailha-lab-tests.lock dotnet test ...) says so.
        _lock = Environment.GetEnvironmentVariable("MAILHA_LAB_LOCK_HELD") == "1" ? null : await AcquireLockAsync();
    }

    /// <summary>
    /// Makes <paramref name="topology"/> the lab that is up: nothing to do when it already is; otherwise the lab that is
    /// up goes down first (one lab at a time). Called once per collection (its <see cref="TopologyLab"/>), so each
    /// topology comes up once a run.
    /// </summary>
    public async Task UpAsync(LabTopology topology)
    {
        if (_cannotRun is not null || Topology == topology)
        {
            return;
        }

        if (Topology is not null)
        {
            await LabAsync(TimeSpan.FromMinutes(1), "down");
        }

        Topology = topology;
        Unavailable = null;
        string[] args = ["up", "--topology", topology.Argument(), .. DirectoryFlavour is { } kind ? ["--directory", kind] : Array.Empty<string>()];
        var (code, output) = await LabAsync(TimeSpan.FromMinutes(5), args);
        if (code != 0)
        {
            Unavailable = $"lab/lab {string.Join(' ', args)} failed ({code}):\n{output}";
            await LabAsync(TimeSpan.FromMinutes(1), "down");
            if (IsCi)
            {
                throw new InvalidOperationException(Unavailable);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Topology is not null)
        {
            await LabAsync(TimeSpan.FromMinutes(1), "down");
        }

        if (_lock is not null)
        {
            await _lock.DisposeAsync();
        }
    }

    /// <summary>Skips the calling test when the lab is not up (never under CI, where start-up already failed).</summary>
    public void RequireLab()
    {
        if (Unavailable is not null)
        {
            Assert.Skip(Unavailable);
        }

        if (Topology is null)
        {
            throw new InvalidOperationException("No lab is up: the test's class belongs to no lab collection (LabCollection.Name, SymmetricLabCollection.Name, NPlusOneLabCollection.Name).");
        }
    }

    /// <summary>Skips the calling test unless the lab's directory is of <paramref name="kind"/> (it runs in that lab's pass of test.sh).</summary>
    public void RequireDirectory(DirectoryKind kind)
    {
        RequireLab();
        var actual = Enum.Parse<DirectoryKind>(ReadConfig()["MailHa"]!["Directory"]!["Kind"]!.GetValue<string>());
        if (actual != kind)
        {
            Assert.Skip($"needs a {kind} directory; this lab runs {actual} (test.sh runs it with MAILHA_LAB_DIRECTORY=389ds)");
        }
    }

    /// <summary>Reads the configuration the lab wrote, as JSON to tweak per test.</summary>
    public JsonObject ReadConfig() => (JsonObject)JsonNode.Parse(File.ReadAllText(ConfigPath))!;

    /// <summary>Runs a lab verb (cut, restore, stop, start, exec...). Throws when it fails.</summary>
    public Task<string> RunAsync(params string[] args) => Script.RunAsync(args);

    /// <summary>Runs a shell command inside a lab host's namespaces and returns its stdout.</summary>
    public Task<string> ExecAsync(string host, string script) => Script.ExecAsync(host, script);

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private Task<(int Code, string Output)> LabAsync(TimeSpan timeout, params string[] args) => Script.TryRunAsync(timeout, args, CancellationToken.None);

    private static async Task<FileStream> AcquireLockAsync()
    {
        // FileShare.None takes an exclusive flock on Linux: one lab per machine at a time.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), patience.Token);
            }
        }
    }
}
