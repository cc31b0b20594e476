using System.DirectoryServices.Protocols;
using MailHa.Operations.Reporting;
using MailHa.Operations.Threading;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Ldap;

/// <summary>
/// <see cref="IDirectoryClient"/> over one bound <see cref="LdapConnection"/>. Blocking S.DS.P calls run off-thread,
/// one at a time, and every call is bounded here by <c>Timeout</c>: on Linux S.DS.P does not reliably apply its own
/// request timeout, so a call to a server that stopped answering returns <see cref="NodeUnreachable"/> on time while
/// the native call is left to finish (the connection is closed after it). Created by <see cref="LdapDirectoryClientFactory"/>.
/// </summary>
public sealed class LdapDirectoryClient : IDirectoryClient
{
    private const string RuvFilter = "(&(nsuniqueid=ffffffff-ffffffff-ffffffff-ffffffff)(objectclass=nstombstone))";
    private const string MappingTree = "cn=mapping tree,cn=config";
    private const string CanaryObjectClass = "applicationProcess";

    private static readonly string[] AgreementAttributes =
    [
        "cn", "nsDS5ReplicaHost", "nsDS5ReplicaPort", "nsds5replicaLastUpdateStatus", "nsds5replicaLastUpdateEnd", "nsds5replicaUpdateInProgress",
        "nsds5ReplicaEnabled",
    ];

    private readonly NodeName _node;
    private readonly string _endpoint;
    private readonly LdapConnection _connection;
    private readonly DirectoryOptions _settings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _disposed;

    internal LdapDirectoryClient(NodeName node, string endpoint, LdapConnection connection, DirectoryOptions settings, ILogger<LdapDirectoryClient> logger)
    {
        _node = node;
        _endpoint = endpoint;
        _connection = connection;
        _settings = settings;
        _logger = logger;
    }

    public Task<DirectoryResult<SuffixState>> ReadSuffixStateAsync(string suffix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(suffix);
        return RunAsync<SuffixState>($"read {suffix}", suffix, () => _settings.Kind switch
        {
            DirectoryKind.OpenLdap => ReadContextCsns(suffix),
            DirectoryKind.SunOne => ReadRuv(suffix),
            _ => throw new InvalidOperationException($"Unknown directory kind {_settings.Kind}."),
        }, cancellationToken);
    }

    public Task<DirectoryResult<AttributeValues>> ReadAttributeAsync(string dn, string attribute, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dn);
        ArgumentException.ThrowIfNullOrWhiteSpace(attribute);
        return RunAsync($"read {attribute}", dn, () =>
        {
            try
            {
                var entry = Search(dn, SearchScope.Base, "(objectClass=*)", attribute).Entries.Cast<SearchResultEntry>().FirstOrDefault();
                return new AttributeValues(dn, attribute, entry is not null, entry is null ? [] : Values(entry, attribute));
            }
            catch (DirectoryOperationException e) when (IsMissingBelowExistingParent(e))
            {
                return new AttributeValues(dn, attribute, EntryExists: false, []);
            }
        }, cancellationToken);
    }

    public async Task<DirectoryResult<CanaryWritten>> WriteCanaryAsync(CanaryWrite canary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(canary);
        if (!DistinguishedNames.TryGetLeaf(canary.Dn, out var type, out var name) || !string.Equals(type, "cn", StringComparison.OrdinalIgnoreCase))
        {
            // DirectoryOptionsValidator rejects such a CanaryDn at start-up.
            throw new ArgumentException($"Canary DN '{canary.Dn}' must be named by cn.", nameof(canary));
        }

        var result = await RunAsync("write canary", canary.Dn, () =>
        {
            var replace = new ModifyRequest(canary.Dn, DirectoryAttributeOperation.Replace, "description", canary.Description);
            try
            {
                Send(replace);
                return new CanaryWritten(canary.Dn, Created: false);
            }
            catch (DirectoryOperationException e) when (IsMissingBelowExistingParent(e))
            {
                try
                {
                    Send(new AddRequest(
                        canary.Dn,
                        new DirectoryAttribute("objectClass", "top", CanaryObjectClass),
                        new DirectoryAttribute("cn", name),
                        new DirectoryAttribute("description", canary.Description)));
                    return new CanaryWritten(canary.Dn, Created: true);
                }
                catch (DirectoryOperationException raced) when (raced.Response.ResultCode == ResultCode.EntryAlreadyExists)
                {
                    // Replicated from the other master meanwhile: write it as an existing entry.
                    Send(replace);
                    return new CanaryWritten(canary.Dn, Created: false);
                }
            }
        }, cancellationToken);

        if (result is DirectoryOk<CanaryWritten> { Value.Created: true })
        {
            LdapLog.CanaryCreated(_logger, canary.Dn, _node.Value);
        }

        return result;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_gate.Wait(0))
        {
            _connection.Dispose();
            _gate.Dispose();
            return;
        }

        // A call is still inside libldap (it outlived its timeout): close the connection once it returns.
        _ = _gate.WaitAsync().ContinueWith(
            static (_, state) =>
            {
                var (connection, gate) = ((LdapConnection, SemaphoreSlim))state!;
                connection.Dispose();
                gate.Dispose();
            },
            (_connection, _gate),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Simple bind; null on success.</summary>
    internal async Task<DirectoryFault?> BindAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync("bind", missingDn: null, () =>
        {
            _connection.Bind();
            return true;
        }, cancellationToken);
        if (result is DirectoryFailed<bool> failed)
        {
            return failed.Fault;
        }

        LdapLog.Bound(_logger, _node.Value, _endpoint, _settings.BindDn);
        return null;
    }

    private ContextCsnState ReadContextCsns(string suffix)
    {
        var entry = Search(suffix, SearchScope.Base, "(objectClass=*)", "contextCSN").Entries.Cast<SearchResultEntry>().FirstOrDefault();
        return new ContextCsnState(suffix, entry is null ? [] : Values(entry, "contextCSN"));
    }

    private RuvState ReadRuv(string suffix)
    {
        // The suffix entry first, so a missing suffix is told apart from a suffix that is not a replica.
        Search(suffix, SearchScope.Base, "(objectClass=*)", "1.1");
        // Subtree, as documented for both: 389 DS 1.4+ answers it from the cn=replica config entry, not a child of the suffix.
        var ruv = Search(suffix, SearchScope.Subtree, RuvFilter, "nsds50ruv").Entries.Cast<SearchResultEntry>()
            .SelectMany(e => Values(e, "nsds50ruv"))
            .ToList();

        List<ReplicationAgreement> agreements;
        try
        {
            var filter = $"(&(objectclass=nsds5replicationagreement)(nsds5replicaroot={LdapFilter.Escape(suffix)}))";
            agreements = [.. Search(MappingTree, SearchScope.Subtree, filter, AgreementAttributes).Entries.Cast<SearchResultEntry>().Select(ToAgreement)];
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject)
        {
            agreements = [];
        }

        return new RuvState(suffix, ruv, agreements);
    }

    private static ReplicationAgreement ToAgreement(SearchResultEntry entry)
    {
        var port = First(entry, "nsDS5ReplicaPort");
        return new ReplicationAgreement(
            First(entry, "cn") ?? entry.DistinguishedName,
            First(entry, "nsDS5ReplicaHost"),
            int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null,
            First(entry, "nsds5replicaLastUpdateStatus"),
            First(entry, "nsds5replicaLastUpdateEnd"),
            First(entry, "nsds5replicaUpdateInProgress"),
            First(entry, "nsds5ReplicaEnabled"));
    }

    private SearchResponse Search(string baseDn, SearchScope scope, string filter, params string[] attributes) =>
        (SearchResponse)Send(new SearchRequest(baseDn, filter, scope, attributes));

    private DirectoryResponse Send(DirectoryRequest request) => _connection.SendRequest(request, _settings.Timeout);

    private static string[] Values(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { } values ? [.. values.GetValues(typeof(string)).Cast<string>()] : [];

    private static string? First(SearchResultEntry entry, string attribute) => Values(entry, attribute).FirstOrDefault();

    private static bool IsMissingBelowExistingParent(DirectoryOperationException e) =>
        e.Response.ResultCode == ResultCode.NoSuchObject && !string.IsNullOrEmpty(e.Response.MatchedDN);

    /// <summary>Runs one blocking call on a thread for blocking calls, one at a time on this connection, bounded by the timeout.</summary>
    private async Task<DirectoryResult<T>> RunAsync<T>(string operation, string? missingDn, Func<T> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var timeout = _settings.Timeout;
        if (!await _gate.WaitAsync(timeout, cancellationToken))
        {
            return Failed<T>(operation, new NodeUnreachable(_node, $"an earlier call is still waiting for the server (no answer to {operation} within {Durations.Format(timeout)})"));
        }

        Task<T> running;
        try
        {
            // Not on the pool: the call blocks until the server answers, and a status gather makes one per node at once.
            running = BlockingCalls.Run(call);
        }
        catch
        {
            _gate.Release();
            throw;
        }

        // The gate opens when the native call returns, not when we stop waiting for it.
        _ = running.ContinueWith(
            static (task, gate) =>
            {
                ((SemaphoreSlim)gate!).Release();
                return task.Exception;
            },
            _gate,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            return new DirectoryOk<T>(await running.WaitAsync(timeout, cancellationToken));
        }
        catch (TimeoutException)
        {
            return Failed<T>(operation, new NodeUnreachable(_node, $"{_endpoint}: no answer to {operation} within {Durations.Format(timeout)}"));
        }
        catch (DirectoryOperationException e)
        {
            return Failed<T>(operation, Classify(operation, missingDn, e));
        }
        catch (LdapException e)
        {
            return Failed<T>(operation, Classify(operation, missingDn, e));
        }
    }

    private DirectoryFailed<T> Failed<T>(string operation, DirectoryFault fault)
    {
        LdapLog.CallFailed(_logger, operation, _node.Value, fault.Describe());
        return new DirectoryFailed<T>(fault);
    }

    private DirectoryFault Classify(string operation, string? missingDn, DirectoryOperationException e)
    {
        var code = e.Response.ResultCode;
        var reason = string.IsNullOrWhiteSpace(e.Response.ErrorMessage) ? e.Message : e.Response.ErrorMessage;
        return code switch
        {
            ResultCode.NoSuchObject or ResultCode.Referral when missingDn is not null => new SuffixMissing(_node, missingDn),
            ResultCode.Busy or ResultCode.Unavailable => new NodeUnreachable(_node, $"{_endpoint}: server {(code == ResultCode.Busy ? "busy" : "unavailable")} on {operation} ({reason})"),
            _ => new DirectoryRefused(_node, operation, (int)code, reason),
        };
    }

    private DirectoryFault Classify(string operation, string? missingDn, LdapException e) => e.ErrorCode switch
    {
        // Windows-style codes as S.DS.P reports them, and libldap's negative client codes.
        49 => new BindRefused(_node, $"invalid credentials for {_settings.BindDn}"),
        32 when missingDn is not null => new SuffixMissing(_node, missingDn),
        81 or 82 or 85 or 91 or 51 or 52 or -1 or -5 or -11 => new NodeUnreachable(_node, $"{_endpoint}: {e.Message.Trim().TrimEnd('.')} ({operation})"),
        _ => new DirectoryRefused(_node, operation, e.ErrorCode, e.Message.Trim()),
    };
}
