// The shared PostgreSQL server (MailHa.TestSupport) is started once for this test assembly.
[assembly: AssemblyFixture(typeof(MailHa.TestSupport.Storage.PostgresServer))]
