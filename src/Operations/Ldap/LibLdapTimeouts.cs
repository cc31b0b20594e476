using System.Runtime.InteropServices;

namespace MailHa.Operations.Ldap;

/// <summary>
/// Sets libldap's process-wide defaults <c>LDAP_OPT_NETWORK_TIMEOUT</c> (connect) and <c>LDAP_OPT_TIMEOUT</c>
/// (synchronous calls) on Linux. System.DirectoryServices.Protocols binds with the synchronous API and does not
/// apply <c>LdapConnection.Timeout</c> there: without this a server that accepts the TCP connection but never
/// answers (a frozen slapd) holds <c>Bind()</c> until the connection dies. New connections inherit the defaults.
/// </summary>
internal static class LibLdapTimeouts
{
    private const int LdapOptTimeout = 0x5002;
    private const int LdapOptNetworkTimeout = 0x5005;
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0", "libldap-2.4.so.2"];
    private static readonly Lock Gate = new();
    private static TimeSpan? _applied;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetTimeValOption(IntPtr ld, int option, ref TimeVal value);

    /// <summary>Applies <paramref name="timeout"/> once per process (the first value wins); false when libldap could not be reached.</summary>
    public static bool Apply(TimeSpan timeout)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return false;
        }

        lock (Gate)
        {
            if (_applied is not null)
            {
                return true;
            }

            foreach (var name in LibraryNames)
            {
                if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "ldap_set_option", out var export))
                {
                    var setOption = Marshal.GetDelegateForFunctionPointer<SetTimeValOption>(export);
                    var value = new TimeVal(timeout);
                    if (setOption(IntPtr.Zero, LdapOptNetworkTimeout, ref value) == 0 && setOption(IntPtr.Zero, LdapOptTimeout, ref value) == 0)
                    {
                        _applied = timeout;
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>C <c>struct timeval</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TimeVal(TimeSpan span)
    {
        public readonly CLong Seconds = new((nint)(span.Ticks / TimeSpan.TicksPerSecond));
        public readonly CLong Microseconds = new((nint)(span.Ticks % TimeSpan.TicksPerSecond / 10));
    }
}
