//! `beredskap ingest …`: the command-line definition of taking in the region's alerts.

#[derive(Debug, clap::Subcommand)]
pub enum IngestCommand {
    /// An Alertmanager webhook payload (version 4; Grafana's too) from FILE or standard
    /// input: its firing and resolved alerts. Exit 2 when it cannot be read.
    Alertmanager {
        /// The payload; standard input when left out.
        file: Option<std::path::PathBuf>,
        /// The source name the systems' alert checks give (`source = "…"`).
        #[arg(long, default_value = "alertmanager")]
        source: String,
    },
    /// A JSON alert (or an array of them) from FILE or standard input, read with the
    /// pointers of a `kind = "webhook"` source in [[receiver.sources]]: a Zabbix media type,
    /// a SCOM connector, the region's own scripts. Exit 2 when it cannot be read.
    Webhook {
        /// The body; standard input when left out.
        file: Option<std::path::PathBuf>,
        /// The configured webhook source.
        #[arg(long)]
        source: String,
    },
    /// A Nagios, Icinga or Naemon notification: run it as the notification command. What
    /// is not given on the command line is read from the $NAGIOS_… macros (HOSTNAME,
    /// SERVICEDESC, SERVICESTATE / HOSTSTATE, NOTIFICATIONTYPE, SERVICEOUTPUT / HOSTOUTPUT).
    /// Exit 0 recorded, 2 unreadable (nothing written), 1 the log cannot be written.
    Nagios {
        /// The source name the systems' alert checks give (`source = "…"`).
        #[arg(long, default_value = "nagios")]
        source: String,
        /// The host (else $NAGIOS_HOSTNAME).
        #[arg(long, default_value = "")]
        host: String,
        /// The service (else $NAGIOS_SERVICEDESC; none for a host notification).
        #[arg(long, default_value = "")]
        service: String,
        /// OK, WARNING, CRITICAL, UNKNOWN, UP, DOWN or UNREACHABLE.
        #[arg(long, default_value = "")]
        state: String,
        /// PROBLEM, RECOVERY, ACKNOWLEDGEMENT, FLAPPINGSTART, DOWNTIMESTART, … .
        #[arg(long = "type", default_value = "")]
        kind: String,
        /// The check's output (else $NAGIOS_SERVICEOUTPUT or $NAGIOS_HOSTOUTPUT).
        #[arg(long, default_value = "")]
        output: String,
    },
}
