<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Activity in %1</source>
        <translation>Aktivität in %1</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Changes in this folder</source>
        <translation>Änderungen in diesem Ordner</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the log again</source>
        <translation>Protokoll neu lesen</translation>
    </message>
    <message>
        <source>Reading and checking the log…</source>
        <translation>Protokoll wird gelesen und geprüft…</translation>
    </message>
    <message>
        <source>No changes logged in this folder yet.</source>
        <translation>In diesem Ordner wurden noch keine Änderungen protokolliert.</translation>
    </message>
    <message numerus="yes">
        <source>All %n entries are signed by their writers and verified.</source>
        <translation>
            <numerusform>Der %n Eintrag ist von seinem Verfasser signiert und geprüft.</numerusform>
            <numerusform>Alle %n Einträge sind von ihren Verfassern signiert und geprüft.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Warning: %n of %1 entries are unverified. Someone without this folder&apos;s keys, such as the server, changed the log, or a change was made that nobody signed.</source>
        <translation>
            <numerusform>Warnung: %n von %1 Einträgen ist nicht geprüft. Jemand ohne die Schlüssel dieses Ordners, etwa der Server, hat das Protokoll verändert, oder eine Änderung wurde von niemandem signiert.</numerusform>
            <numerusform>Warnung: %n von %1 Einträgen sind nicht geprüft. Jemand ohne die Schlüssel dieses Ordners, etwa der Server, hat das Protokoll verändert, oder eine Änderung wurde von niemandem signiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Verified, recorded before the log was chained (weaker checks)</source>
        <translation>Geprüft, aufgezeichnet, bevor das Protokoll verkettet wurde (schwächere Prüfungen)</translation>
    </message>
    <message>
        <source>Unverified: %1</source>
        <translation>Nicht geprüft: %1</translation>
    </message>
    <message>
        <source>uploaded “%1”</source>
        <translation>hat „%1“ hochgeladen</translation>
    </message>
    <message>
        <source>saved a new version of “%1”</source>
        <translation>hat eine neue Version von „%1“ gespeichert</translation>
    </message>
    <message>
        <source>made the folder “%1”</source>
        <translation>hat den Ordner „%1“ angelegt</translation>
    </message>
    <message>
        <source>renamed “%1” to “%2”</source>
        <translation>hat „%1“ in „%2“ umbenannt</translation>
    </message>
    <message>
        <source>moved “%1” here from %2</source>
        <translation>hat „%1“ aus %2 hierher verschoben</translation>
    </message>
    <message>
        <source>moved “%1” to %2</source>
        <translation>hat „%1“ nach %2 verschoben</translation>
    </message>
    <message>
        <source>deleted “%1”</source>
        <translation>hat „%1“ gelöscht</translation>
    </message>
    <message>
        <source>moved “%1” to the trash</source>
        <translation>hat „%1“ in den Papierkorb verschoben</translation>
    </message>
    <message>
        <source>restored “%1” from the trash</source>
        <translation>hat „%1“ aus dem Papierkorb wiederhergestellt</translation>
    </message>
    <message>
        <source>shared “%1” with %2</source>
        <translation>hat „%1“ für %2 freigegeben</translation>
    </message>
    <message>
        <source>stopped sharing “%1” with %2</source>
        <translation>hat die Freigabe von „%1“ für %2 beendet</translation>
    </message>
    <message>
        <source>replaced “%1” (new keys)</source>
        <translation>hat „%1“ ersetzt (neue Schlüssel)</translation>
    </message>
    <message>
        <source>changed the folder</source>
        <translation>hat den Ordner geändert</translation>
    </message>
    <message>
        <source>(version %1)</source>
        <translation>(Version %1)</translation>
    </message>
</context>
<context>
    <name>AddDeviceDialog</name>
    <message>
        <source>Add a device</source>
        <translation>Gerät hinzufügen</translation>
    </message>
    <message>
        <source>Device name</source>
        <translation>Gerätename</translation>
    </message>
    <message>
        <source>Show a code</source>
        <translation>Code anzeigen</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Verification words</source>
        <translation>Bestätigungswörter</translation>
    </message>
    <message>
        <source>Same words: link it</source>
        <translation>Gleiche Wörter: verknüpfen</translation>
    </message>
    <message>
        <source>The words differ</source>
        <translation>Die Wörter sind verschieden</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Name of the new device</source>
        <translation>Name des neuen Geräts</translation>
    </message>
    <message>
        <source>On the new device run:  privshare device join %1 %2</source>
        <translation>Auf dem neuen Gerät ausführen:  privshare device join %1 %2</translation>
    </message>
    <message>
        <source>The code works once, for 10 minutes.</source>
        <translation>Der Code gilt einmal, für 10 Minuten.</translation>
    </message>
    <message>
        <source>Waiting for the new device…</source>
        <translation>Warten auf das neue Gerät…</translation>
    </message>
    <message>
        <source>Does the new device show the same words?</source>
        <translation>Zeigt das neue Gerät dieselben Wörter?</translation>
    </message>
    <message>
        <source>Linked %1.</source>
        <translation>%1 verknüpft.</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>The account of %1</source>
        <translation>Das Konto in %1</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Aktuelles Passwort</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <source>People — drop files on someone to send them</source>
        <translation>Personen – Dateien auf jemanden ziehen, um sie zu senden</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Senden an</translation>
    </message>
    <message>
        <source>name#host or drop:…#host</source>
        <translation>name#host oder drop:…#host</translation>
    </message>
    <message>
        <source>Send files…</source>
        <translation>Dateien senden…</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Send status</source>
        <translation>Sendestatus</translation>
    </message>
    <message>
        <source>Drop files here to send them to %1</source>
        <translation>Dateien hier ablegen, um sie an %1 zu senden</translation>
    </message>
    <message>
        <source>Send files</source>
        <translation>Dateien senden</translation>
    </message>
    <message>
        <source>Choose a person, or type an address (name#host).</source>
        <translation>Wählen Sie eine Person oder geben Sie eine Adresse ein (name#host).</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n file(s) to %1…</source>
        <translation>
            <numerusform>%n Datei wird an %1 gesendet…</numerusform>
            <numerusform>%n Dateien werden an %1 gesendet…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n file(s) to %1.</source>
        <translation>
            <numerusform>%n Datei an %1 gesendet.</numerusform>
            <numerusform>%n Dateien an %1 gesendet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CreateDropDialog</name>
    <message>
        <source>Create a drop inbox</source>
        <translation>Abgabe-Postfach anlegen</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>e.g. tax papers (only you see it)</source>
        <translation>z. B. Steuerunterlagen (nur Sie sehen sie)</translation>
    </message>
    <message>
        <source>Expires after days</source>
        <translation>Läuft ab nach Tagen</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Size limit per delivery in MiB</source>
        <translation>Größenlimit pro Lieferung in MiB</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Expires after</source>
        <translation>Läuft ab nach</translation>
    </message>
    <message>
        <source>Largest delivery</source>
        <translation>Größte Lieferung</translation>
    </message>
    <message>
        <source>Anyone with a Privshare account and this inbox&apos;s address can send you files here without knowing your name. The label and limits stay with you.</source>
        <translation>Jeder mit einem Privshare-Konto und der Adresse dieses Postfachs kann Ihnen hier Dateien senden, ohne Ihren Namen zu kennen. Bezeichnung und Limits bleiben bei Ihnen.</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
</context>
<context>
    <name>DevicesSessionsDialog</name>
    <message>
        <source>Devices &amp; sessions</source>
        <translation>Geräte und Sitzungen</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Open sessions</source>
        <translation>Offene Sitzungen</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>Geöffnet von</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Sign out device…</source>
        <translation>Gerät abmelden…</translation>
    </message>
    <message>
        <source>Sign out the selected device</source>
        <translation>Das ausgewählte Gerät abmelden</translation>
    </message>
    <message>
        <source>End session…</source>
        <translation>Sitzung beenden…</translation>
    </message>
    <message>
        <source>End the selected session</source>
        <translation>Die ausgewählte Sitzung beenden</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh the lists</source>
        <translation>Die Listen aktualisieren</translation>
    </message>
    <message>
        <source>About the selection</source>
        <translation>Zur Auswahl</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Devices of this account</source>
        <translation>Geräte dieses Kontos</translation>
    </message>
    <message>
        <source>Open sessions at the server</source>
        <translation>Offene Sitzungen auf dem Server</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Server wird gefragt…</translation>
    </message>
    <message>
        <source>1 open session</source>
        <translation>1 offene Sitzung</translation>
    </message>
    <message numerus="yes">
        <source>%n open sessions</source>
        <translation>
            <numerusform>%n offene Sitzung</numerusform>
            <numerusform>%n offene Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>First device (holds the recovery phrase)</source>
        <translation>Erstes Gerät (hat die Wiederherstellungsphrase)</translation>
    </message>
    <message>
        <source>(this device)</source>
        <translation>(dieses Gerät)</translation>
    </message>
    <message>
        <source>when the account was made</source>
        <translation>als das Konto angelegt wurde</translation>
    </message>
    <message>
        <source>This is the device you are using: Account › Sign out signs it out.</source>
        <translation>Dies ist das Gerät, das Sie benutzen: Konto › Abmelden meldet es ab.</translation>
    </message>
    <message>
        <source>The first device holds the recovery phrase; recovering the account replaces its key.</source>
        <translation>Das erste Gerät hat die Wiederherstellungsphrase; eine Wiederherstellung des Kontos ersetzt seinen Schlüssel.</translation>
    </message>
    <message>
        <source>First device</source>
        <translation>Erstes Gerät</translation>
    </message>
    <message>
        <source>Password sign-in</source>
        <translation>Anmeldung mit Passwort</translation>
    </message>
    <message>
        <source>(this session)</source>
        <translation>(diese Sitzung)</translation>
    </message>
    <message>
        <source>This window uses this session: Account › Sign out ends it.</source>
        <translation>Dieses Fenster benutzt diese Sitzung: Konto › Abmelden beendet sie.</translation>
    </message>
    <message>
        <source>Sign out “%1”? Its key stops working at once and its open sessions end. It still holds the account&apos;s keys: if it was lost or stolen, also recover the account with the recovery phrase.</source>
        <translation>„%1“ abmelden? Sein Schlüssel funktioniert sofort nicht mehr und seine offenen Sitzungen enden. Es hat aber noch die Schlüssel des Kontos: Wenn es verloren oder gestohlen wurde, stellen Sie das Konto zusätzlich mit der Wiederherstellungsphrase wieder her.</translation>
    </message>
    <message>
        <source>Sign out a device</source>
        <translation>Ein Gerät abmelden</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Signed out “%1”.</source>
        <translation>„%1“ abgemeldet.</translation>
    </message>
    <message>
        <source>End session %1? Its next request is refused; the device that opened it must sign in again.</source>
        <translation>Sitzung %1 beenden? Ihre nächste Anfrage wird abgelehnt; das Gerät, das sie geöffnet hat, muss sich neu anmelden.</translation>
    </message>
    <message>
        <source>End a session</source>
        <translation>Eine Sitzung beenden</translation>
    </message>
    <message>
        <source>End session</source>
        <translation>Sitzung beenden</translation>
    </message>
    <message>
        <source>Ended session %1.</source>
        <translation>Sitzung %1 beendet.</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Wird abgemeldet…</translation>
    </message>
</context>
<context>
    <name>DriveControl</name>
    <message>
        <source>Privshare Drive</source>
        <translation>Privshare-Laufwerk</translation>
    </message>
    <message>
        <source>Your files are served as a WebDAV drive on this computer until you lock or quit Privshare. Connect your file manager to:</source>
        <translation>Ihre Dateien werden auf diesem Computer als WebDAV-Laufwerk bereitgestellt, bis Sie Privshare sperren oder beenden. Verbinden Sie Ihren Dateimanager mit:</translation>
    </message>
</context>
<context>
    <name>DropsPanel</name>
    <message>
        <source>Drop inboxes — addresses that do not name you</source>
        <translation>Abgabe-Postfächer – Adressen, die Sie nicht nennen</translation>
    </message>
    <message>
        <source>Drop inboxes</source>
        <translation>Abgabe-Postfächer</translation>
    </message>
    <message>
        <source>Create a drop inbox…</source>
        <translation>Abgabe-Postfach anlegen…</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Adresse kopieren</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>läuft nicht ab</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>bis %1</translation>
    </message>
    <message>
        <source>, at most %1</source>
        <translation>, höchstens %1</translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation>(ohne Bezeichnung)</translation>
    </message>
    <message>
        <source>Privshare</source>
        <translation>Privshare</translation>
    </message>
    <message numerus="yes">
        <source>Revoke “%1”? Deliveries to it are refused from now on, and %n unsaved delivery(ies) in it are deleted.</source>
        <translation>
            <numerusform>„%1“ widerrufen? Lieferungen dorthin werden ab jetzt abgelehnt, und %n nicht gespeicherte Lieferung darin wird gelöscht.</numerusform>
            <numerusform>„%1“ widerrufen? Lieferungen dorthin werden ab jetzt abgelehnt, und %n nicht gespeicherte Lieferungen darin werden gelöscht.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorLine</name>
    <message>
        <source>something went wrong</source>
        <translation>Etwas ist schiefgelaufen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Show error details</source>
        <translation>Fehlerdetails anzeigen</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Fehlerdetails</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Upload files…</source>
        <translation>Dateien hochladen…</translation>
    </message>
    <message>
        <source>Upload folder…</source>
        <translation>Ordner hochladen…</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>Neuer Ordner</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Download to…</source>
        <translation>Herunterladen nach…</translation>
    </message>
    <message>
        <source>Share…</source>
        <translation>Freigeben…</translation>
    </message>
    <message>
        <source>Copy link…</source>
        <translation>Link kopieren…</translation>
    </message>
    <message>
        <source>Request files…</source>
        <translation>Dateien anfordern…</translation>
    </message>
    <message>
        <source>Send file…</source>
        <translation>Datei senden…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation>Verschieben nach…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete permanently…</source>
        <translation>Endgültig löschen…</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Privshare</source>
        <translation>Privshare</translation>
    </message>
    <message>
        <source>Upload files</source>
        <translation>Dateien hochladen</translation>
    </message>
    <message>
        <source>Upload folder</source>
        <translation>Ordner hochladen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>My files</source>
        <translation>Meine Dateien</translation>
    </message>
    <message>
        <source>Delete %1 permanently?

This cannot be undone: deleted items and their versions are gone for you and for everyone they are shared with.</source>
        <translation>%1 endgültig löschen?

Das kann nicht rückgängig gemacht werden: Gelöschte Elemente und ihre Versionen sind für Sie und für alle, mit denen sie geteilt sind, verloren.</translation>
    </message>
    <message>
        <source>Download to</source>
        <translation>Herunterladen nach</translation>
    </message>
    <message>
        <source>Send file</source>
        <translation>Datei senden</translation>
    </message>
    <message>
        <source>Send “%1” to (name#host):</source>
        <translation>„%1“ senden an (name#host):</translation>
    </message>
    <message>
        <source>Sent “%1” to %2</source>
        <translation>„%1“ an %2 gesendet</translation>
    </message>
</context>
<context>
    <name>FileModel</name>
    <message numerus="yes">
        <source>file request, %n dropped</source>
        <translation>
            <numerusform>Dateianforderung, %n abgegeben</numerusform>
            <numerusform>Dateianforderung, %n abgegeben</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2 downloads</source>
        <translation>%1, %2 Downloads</translation>
    </message>
    <message>
        <source>anyone with the link (%1)</source>
        <translation>alle mit dem Link (%1)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>Jan.</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>Feb.</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>März</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>Apr.</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Mai</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>Juni</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>Juli</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>Aug.</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>Sep.</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>Okt.</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>Nov.</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>Dez.</translation>
    </message>
    <message>
        <source>Today %1</source>
        <translation>Heute %1</translation>
    </message>
    <message>
        <source>Yesterday %1</source>
        <translation>Gestern %1</translation>
    </message>
    <message>
        <source>Shared with {who} (read)</source>
        <translation>Geteilt mit {who} (lesen)</translation>
    </message>
    <message>
        <source>Shared with {who} (read &amp; write)</source>
        <translation>Geteilt mit {who} (lesen und schreiben)</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n Person</numerusform>
            <numerusform>%n Personen</numerusform>
        </translation>
    </message>
    <message>
        <source>Shared (read)</source>
        <translation>Freigegeben (lesen)</translation>
    </message>
    <message>
        <source>Shared (read &amp; write)</source>
        <translation>Freigegeben (lesen und schreiben)</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message>
        <source>Can change: %1</source>
        <translation>Darf ändern: %1</translation>
    </message>
    <message>
        <source>Can view: %1</source>
        <translation>Darf ansehen: %1</translation>
    </message>
    <message>
        <source>%1, folder</source>
        <translation>%1, Ordner</translation>
    </message>
    <message>
        <source>%1, file</source>
        <translation>%1, Datei</translation>
    </message>
</context>
<context>
    <name>FileView</name>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Show or hide the preview (Space)</source>
        <translation>Vorschau ein- oder ausblenden (Leertaste)</translation>
    </message>
    <message>
        <source>Current folder</source>
        <translation>Aktueller Ordner</translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation>Nach Namen filtern</translation>
    </message>
</context>
<context>
    <name>FolderPicker</name>
    <message>
        <source>Move to</source>
        <translation>Verschieben nach</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Move here</source>
        <translation>Hierher verschieben</translation>
    </message>
</context>
<context>
    <name>InboxNotices</name>
    <message>
        <source>the server does not answer</source>
        <translation>der Server antwortet nicht</translation>
    </message>
    <message>
        <source>Inbox not updated: %1</source>
        <translation>Posteingang nicht aktualisiert: %1</translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>Incoming shares and files</source>
        <translation>Eingehende Freigaben und Dateien</translation>
    </message>
    <message>
        <source>Selected item</source>
        <translation>Ausgewähltes Element</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Speichern als</translation>
    </message>
    <message>
        <source>Name in Shared with me</source>
        <translation>Name unter „Mit mir geteilt“</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Folder in My files</source>
        <translation>Ordner in „Meine Dateien“</translation>
    </message>
    <message>
        <source>Save to My files</source>
        <translation>In „Meine Dateien“ speichern</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Speichern als…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>In</translation>
    </message>
    <message>
        <source>via drop inbox “%1”</source>
        <translation>über Abgabe-Postfach „%1“</translation>
    </message>
    <message>
        <source>Rejected — claims to be from %1 (not verified)</source>
        <translation>Abgelehnt – gibt vor, von %1 zu sein (nicht geprüft)</translation>
    </message>
    <message>
        <source>%1 — from %2</source>
        <translation>%1 – von %2</translation>
    </message>
    <message>
        <source>files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>can change</source>
        <translation>darf ändern</translation>
    </message>
    <message>
        <source>can view</source>
        <translation>darf ansehen</translation>
    </message>
    <message>
        <source>Nothing here yet. Shares and files sent to you arrive here.</source>
        <translation>Noch nichts hier. Freigaben und Dateien, die Ihnen gesendet werden, kommen hier an.</translation>
    </message>
    <message>
        <source>This message failed a check and is not opened: its sender could not be verified or its content was changed. You can only delete it.</source>
        <translation>Diese Nachricht hat eine Prüfung nicht bestanden und wird nicht geöffnet: Ihr Absender konnte nicht geprüft werden oder ihr Inhalt wurde verändert. Sie können sie nur löschen.</translation>
    </message>
    <message>
        <source>Sender %1: key verified in their server&apos;s key log.</source>
        <translation>Absender %1: Schlüssel im Schlüsselprotokoll seines Servers geprüft.</translation>
    </message>
    <message>
        <source>Choose a name without “/”.</source>
        <translation>Wählen Sie einen Namen ohne „/“.</translation>
    </message>
    <message>
        <source>Choose a folder of My files, such as /Documents.</source>
        <translation>Wählen Sie einen Ordner in „Meine Dateien“, etwa /Documents.</translation>
    </message>
    <message>
        <source>Save the files in</source>
        <translation>Dateien speichern in</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open a private copy; the files stay in the inbox</source>
        <translation>Eine private Kopie öffnen; die Dateien bleiben im Posteingang</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>In 1 hour</source>
        <translation>In 1 Stunde</translation>
    </message>
    <message>
        <source>In 1 day</source>
        <translation>In 1 Tag</translation>
    </message>
    <message>
        <source>In 7 days</source>
        <translation>In 7 Tagen</translation>
    </message>
    <message>
        <source>In 30 days</source>
        <translation>In 30 Tagen</translation>
    </message>
    <message>
        <source>Copy link to %1</source>
        <translation>Link zu %1 kopieren</translation>
    </message>
    <message>
        <source>Protect with a password</source>
        <translation>Mit einem Passwort schützen</translation>
    </message>
    <message>
        <source>Link password</source>
        <translation>Link-Passwort</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Kein Limit</translation>
    </message>
    <message>
        <source>Download limit</source>
        <translation>Download-Limit</translation>
    </message>
    <message>
        <source>Create link</source>
        <translation>Link erstellen</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>The link appears here, and is copied</source>
        <translation>Der Link erscheint hier und wird kopiert</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Links to this item</source>
        <translation>Links zu diesem Element</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Revoke the selected link</source>
        <translation>Den ausgewählten Link widerrufen</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Type a password, or untick the password box.</source>
        <translation>Geben Sie ein Passwort ein oder entfernen Sie das Häkchen beim Passwort.</translation>
    </message>
    <message>
        <source>Encrypting a copy for the link…</source>
        <translation>Eine Kopie für den Link wird verschlüsselt…</translation>
    </message>
    <message>
        <source>Copied. Anyone with this link can open it in a browser.</source>
        <translation>Kopiert. Jeder mit diesem Link kann es im Browser öffnen.</translation>
    </message>
    <message>
        <source>Copied. Anyone with this link and the password can open it in a browser: send the password another way.</source>
        <translation>Kopiert. Jeder mit diesem Link und dem Passwort kann es im Browser öffnen: Senden Sie das Passwort auf anderem Weg.</translation>
    </message>
    <message>
        <source>%1: %2 of %3 downloads</source>
        <translation>%1: %2 von %3 Downloads</translation>
    </message>
    <message>
        <source>%1: %2 downloads</source>
        <translation>%1: %2 Downloads</translation>
    </message>
    <message>
        <source>%1, password</source>
        <translation>%1, Passwort</translation>
    </message>
</context>
<context>
    <name>Links</name>
    <message>
        <source>live</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>used-up</source>
        <translation>aufgebraucht</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>Not a Privshare link</source>
        <translation>Kein Privshare-Link</translation>
    </message>
    <message>
        <source>This link cannot be opened: %1.</source>
        <translation>Dieser Link kann nicht geöffnet werden: %1.</translation>
    </message>
    <message>
        <source>Privshare link</source>
        <translation>Privshare-Link</translation>
    </message>
    <message>
        <source>This link points at %1. Links open shared items once sharing comes.</source>
        <translation>Dieser Link zeigt auf %1. Links öffnen geteilte Elemente, sobald es Freigaben gibt.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Privshare is locked</source>
        <translation>Privshare ist gesperrt</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation>Verbindungseinstellungen…</translation>
    </message>
    <message>
        <source>Connection settings</source>
        <translation>Verbindungseinstellungen</translation>
    </message>
    <message>
        <source>Forgot password? Use your 24 words</source>
        <translation>Passwort vergessen? Nutzen Sie Ihre 24 Wörter</translation>
    </message>
    <message>
        <source>Recover with your 24 words</source>
        <translation>Mit Ihren 24 Wörtern wiederherstellen</translation>
    </message>
    <message>
        <source>Use another account…</source>
        <translation>Anderes Konto verwenden…</translation>
    </message>
    <message>
        <source>Use another account</source>
        <translation>Anderes Konto verwenden</translation>
    </message>
    <message>
        <source>How to use another account</source>
        <translation>So verwenden Sie ein anderes Konto</translation>
    </message>
    <message>
        <source>Each account lives in its own profile folder. To sign in to, create or recover another one (this one stays as it is), start Privshare on a new folder: {command}</source>
        <translation>Jedes Konto liegt in einem eigenen Profilordner. Um sich bei einem anderen anzumelden, eines zu erstellen oder wiederherzustellen (dieses bleibt, wie es ist), starten Sie Privshare mit einem neuen Ordner: {command}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>Privshare is still running</source>
        <translation>Privshare läuft weiter</translation>
    </message>
    <message>
        <source>Open it from the tray icon; Quit there ends it.</source>
        <translation>Öffnen Sie es über das Symbol im Infobereich; „Beenden“ dort schließt es.</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <source>1 new item</source>
        <translation>1 neues Element</translation>
    </message>
    <message numerus="yes">
        <source>%n new items</source>
        <translation>
            <numerusform>%n neues Element</numerusform>
            <numerusform>%n neue Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>Files from %1</source>
        <translation>Dateien von %1</translation>
    </message>
    <message>
        <source>“%1” (%2) is waiting in your Inbox.</source>
        <translation>„%1“ (%2) wartet in Ihrem Posteingang.</translation>
    </message>
    <message>
        <source>New share from %1</source>
        <translation>Neue Freigabe von %1</translation>
    </message>
    <message>
        <source>“%1” is waiting in your Inbox.</source>
        <translation>„%1“ wartet in Ihrem Posteingang.</translation>
    </message>
    <message>
        <source>(drop inbox “%1”)</source>
        <translation>(Abgabe-Postfach „%1“)</translation>
    </message>
    <message>
        <source>Transfer failed</source>
        <translation>Übertragung fehlgeschlagen</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>„%1“: %2</translation>
    </message>
    <message>
        <source>Upload finished</source>
        <translation>Hochladen abgeschlossen</translation>
    </message>
    <message>
        <source>Download finished</source>
        <translation>Herunterladen abgeschlossen</translation>
    </message>
    <message>
        <source>“%1” is done.</source>
        <translation>„%1“ ist fertig.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Open Privshare</source>
        <translation>Privshare öffnen</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Jetzt sperren</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message numerus="yes">
        <source>%n transfers running</source>
        <translation>
            <numerusform>%n Übertragung läuft</numerusform>
            <numerusform>%n Übertragungen laufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new in the Inbox</source>
        <translation>
            <numerusform>%n neu im Posteingang</numerusform>
            <numerusform>%n neu im Posteingang</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Connection settings</source>
        <translation>Verbindungseinstellungen</translation>
    </message>
    <message>
        <source>Use the previous settings</source>
        <translation>Vorherige Einstellungen verwenden</translation>
    </message>
    <message>
        <source>your server</source>
        <translation>Ihr Server</translation>
    </message>
    <message>
        <source>Offline: %1 does not answer. Privshare keeps trying.</source>
        <translation>Offline: %1 antwortet nicht. Privshare versucht es weiter.</translation>
    </message>
</context>
<context>
    <name>Organise</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message numerus="yes">
        <source>%n items in the trash</source>
        <translation>
            <numerusform>%n Element im Papierkorb</numerusform>
            <numerusform>%n Elemente im Papierkorb</numerusform>
        </translation>
    </message>
    <message>
        <source>1 item in the trash</source>
        <translation>1 Element im Papierkorb</translation>
    </message>
    <message>
        <source>Restored to %1</source>
        <translation>Wiederhergestellt in %1</translation>
    </message>
    <message>
        <source>Moving {done} of {total} to Trash…</source>
        <translation>{done} von {total} werden in den Papierkorb verschoben…</translation>
    </message>
</context>
<context>
    <name>Phrase</name>
    <message>
        <source>Recovery phrase</source>
        <translation>Wiederherstellungsphrase</translation>
    </message>
    <message>
        <source>Word %1</source>
        <translation>Wort %1</translation>
    </message>
    <message>
        <source>Word #%1</source>
        <translation>Wort Nr. %1</translation>
    </message>
    <message>
        <source>Word #%1 is not right: check your paper copy.</source>
        <translation>Wort Nr. %1 stimmt nicht: Prüfen Sie Ihre Papierkopie.</translation>
    </message>
    <message>
        <source>Recovery phrase entry</source>
        <translation>Eingabe der Wiederherstellungsphrase</translation>
    </message>
    <message>
        <source>Phrase check</source>
        <translation>Phrasenprüfung</translation>
    </message>
    <message>
        <source>Word %1 “%2” is not in the word list.</source>
        <translation>Wort %1 „%2“ steht nicht in der Wortliste.</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Preview picture</source>
        <translation>Vorschaubild</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Dateiname</translation>
    </message>
    <message>
        <source>File details</source>
        <translation>Dateidetails</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open the file</source>
        <translation>Die Datei öffnen</translation>
    </message>
    <message>
        <source>Select a file to preview it</source>
        <translation>Wählen Sie eine Datei für die Vorschau</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation>Vorschau wird geladen…</translation>
    </message>
    <message>
        <source>Size: %1</source>
        <translation>Größe: %1</translation>
    </message>
    <message>
        <source>Modified: %1</source>
        <translation>Geändert: %1</translation>
    </message>
    <message>
        <source>Versions: %1</source>
        <translation>Versionen: %1</translation>
    </message>
    <message>
        <source>Preview of %1</source>
        <translation>Vorschau von %1</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>Keine Vorschau</translation>
    </message>
    <message>
        <source>The PDF is damaged or locked</source>
        <translation>Das PDF ist beschädigt oder gesperrt</translation>
    </message>
    <message>
        <source>Not an image this app can read</source>
        <translation>Kein Bild, das diese App lesen kann</translation>
    </message>
    <message>
        <source>Too large to preview</source>
        <translation>Zu groß für eine Vorschau</translation>
    </message>
    <message>
        <source>The image is damaged</source>
        <translation>Das Bild ist beschädigt</translation>
    </message>
</context>
<context>
    <name>RecoveryDrillDialog</name>
    <message>
        <source>Check my phrase or shares</source>
        <translation>Meine Phrase oder Anteile prüfen</translation>
    </message>
    <message>
        <source>Phrase or shares</source>
        <translation>Phrase oder Anteile</translation>
    </message>
    <message>
        <source>Your 24 words, or your shares (one per line)</source>
        <translation>Ihre 24 Wörter oder Ihre Anteile (einer pro Zeile)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>This only checks: nothing is changed or sent anywhere.</source>
        <translation>Dies prüft nur: Nichts wird geändert oder irgendwohin gesendet.</translation>
    </message>
    <message>
        <source>They restore this account. Nothing was changed.</source>
        <translation>Sie stellen dieses Konto wieder her. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>This is a valid phrase, but of another account.</source>
        <translation>Dies ist eine gültige Phrase, aber die eines anderen Kontos.</translation>
    </message>
</context>
<context>
    <name>RecoveryKit</name>
    <message>
        <source>Privshare recovery share %1 of %2</source>
        <translation>Privshare-Wiederherstellungsanteil %1 von %2</translation>
    </message>
    <message>
        <source>Any %1 of the %2 shares restore the account (privshare recover ADDRESS --from-shares FILE, or any SLIP-39 tool).</source>
        <translation>Beliebige %1 der %2 Anteile stellen das Konto wieder her (privshare recover ADRESSE --from-shares DATEI oder jedes SLIP-39-Werkzeug).</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
</context>
<context>
    <name>RecoverySheet</name>
    <message>
        <source>Privshare recovery sheet</source>
        <translation>Privshare-Wiederherstellungsblatt</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>Konto:</translation>
    </message>
    <message>
        <source>Made:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Anyone with these words can open every file of this account. Keep this sheet somewhere safe and offline; do not photograph it or store it in the cloud. Delete the file after printing.</source>
        <translation>Wer diese Wörter hat, kann jede Datei dieses Kontos öffnen. Bewahren Sie dieses Blatt sicher und offline auf; fotografieren Sie es nicht und speichern Sie es nicht in der Cloud. Löschen Sie die Datei nach dem Drucken.</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <source>Request files for %1</source>
        <translation>Dateien für %1 anfordern</translation>
    </message>
    <message>
        <source>What the page asks for</source>
        <translation>Wonach die Seite fragt</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Create request</source>
        <translation>Anforderung erstellen</translation>
    </message>
    <message>
        <source>Request link</source>
        <translation>Anforderungslink</translation>
    </message>
    <message>
        <source>Requests for this folder</source>
        <translation>Anforderungen für diesen Ordner</translation>
    </message>
    <message>
        <source>Save received files…</source>
        <translation>Empfangene Dateien speichern…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Asking for</source>
        <translation>Gesucht</translation>
    </message>
    <message>
        <source>Copied. Anyone with this link can send files; only you can open them. Save them below when they have arrived.</source>
        <translation>Kopiert. Jeder mit diesem Link kann Dateien senden; nur Sie können sie öffnen. Speichern Sie sie unten, wenn sie angekommen sind.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n file(s) received</source>
        <translation>
            <numerusform>%1: %n Datei empfangen</numerusform>
            <numerusform>%1: %n Dateien empfangen</numerusform>
        </translation>
    </message>
    <message>
        <source>Save received files in</source>
        <translation>Empfangene Dateien speichern in</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n file(s).</source>
        <translation>
            <numerusform>%n Datei gespeichert.</numerusform>
            <numerusform>%n Dateien gespeichert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upload(s) did not verify and were not saved (they stay on the server).</source>
        <translation>
            <numerusform>%n Upload wurde nicht bestätigt und nicht gespeichert (er bleibt auf dem Server).</numerusform>
            <numerusform>%n Uploads wurden nicht bestätigt und nicht gespeichert (sie bleiben auf dem Server).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Search all my files</source>
        <translation>Alle meine Dateien durchsuchen</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Any kind</source>
        <translation>Jede Art</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Audio and video</source>
        <translation>Audio und Video</translation>
    </message>
    <message>
        <source>Archives</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Jederzeit</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Letztes Jahr</translation>
    </message>
    <message>
        <source>Update index</source>
        <translation>Index aktualisieren</translation>
    </message>
    <message>
        <source>Update the search index</source>
        <translation>Den Suchindex aktualisieren</translation>
    </message>
    <message>
        <source>Read every folder again, to find what other devices changed</source>
        <translation>Jeden Ordner neu lesen, um zu finden, was andere Geräte geändert haben</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Suchstatus</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>The first %n results.</source>
        <translation>
            <numerusform>Die ersten %n Ergebnisse.</numerusform>
            <numerusform>Die ersten %n Ergebnisse.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n results</source>
        <translation>
            <numerusform>%n Ergebnis</numerusform>
            <numerusform>%n Ergebnisse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n items indexed.</source>
        <translation>
            <numerusform>%n Element indiziert.</numerusform>
            <numerusform>%n Elemente indiziert.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 Ergebnis</translation>
    </message>
    <message>
        <source>Reading every folder…</source>
        <translation>Jeder Ordner wird gelesen…</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>My files</source>
        <translation>Meine Dateien</translation>
    </message>
    <message>
        <source>Shared with me</source>
        <translation>Mit mir geteilt</translation>
    </message>
    <message>
        <source>Shared by me</source>
        <translation>Von mir geteilt</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Übertragungen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>Papierkorb</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Use the system settings</source>
        <translation>Systemeinstellungen verwenden</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Kein Proxy</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>HTTP-Proxy</translation>
    </message>
    <message>
        <source>SOCKS5 proxy</source>
        <translation>SOCKS5-Proxy</translation>
    </message>
    <message>
        <source>kept only while Privshare runs</source>
        <translation>wird nur gespeichert, solange Privshare läuft</translation>
    </message>
    <message>
        <source>Directly, or through my server when that fails</source>
        <translation>Direkt, oder über meinen Server, wenn das nicht klappt</translation>
    </message>
    <message>
        <source>Directly only</source>
        <translation>Nur direkt</translation>
    </message>
    <message>
        <source>Always through my server</source>
        <translation>Immer über meinen Server</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Choose the download folder</source>
        <translation>Download-Ordner auswählen</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Auf diesem Computer angemeldet bleiben</translation>
    </message>
    <message>
        <source>Show desktop notifications</source>
        <translation>Desktop-Benachrichtigungen anzeigen</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Applies the next time Privshare starts.</source>
        <translation>Gilt ab dem nächsten Start von Privshare.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>Proxy-Host</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Proxy-Port</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Proxy-Benutzername</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Proxy-Passwort</translation>
    </message>
    <message>
        <source>Reach other people&apos;s servers</source>
        <translation>Server anderer Personen erreichen</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>Sperren nach Minuten Leerlauf</translation>
    </message>
    <message>
        <source>Keep deleted items in the trash for</source>
        <translation>Gelöschte Elemente im Papierkorb behalten für</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>Download-Ordner</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Proxy user</source>
        <translation>Proxy-Benutzer</translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation>Andere Server</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Sperren nach</translation>
    </message>
    <message>
        <source>Keep deleted items</source>
        <translation>Gelöschte Elemente behalten</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share %1</source>
        <translation>%1 freigeben</translation>
    </message>
    <message>
        <source>name (on your server) or name#server</source>
        <translation>Name (auf Ihrem Server) oder name#server</translation>
    </message>
    <message>
        <source>Recipient address</source>
        <translation>Empfängeradresse</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Check the recipient&apos;s key</source>
        <translation>Den Schlüssel des Empfängers prüfen</translation>
    </message>
    <message>
        <source>Can view</source>
        <translation>Darf ansehen</translation>
    </message>
    <message>
        <source>Can view and change</source>
        <translation>Darf ansehen und ändern</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Key status</source>
        <translation>Schlüsselstatus</translation>
    </message>
    <message>
        <source>Recipient check words</source>
        <translation>Prüfwörter des Empfängers</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>I compared the check words</source>
        <translation>Ich habe die Prüfwörter verglichen</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>People with access</source>
        <translation>Personen mit Zugriff</translation>
    </message>
    <message>
        <source>Remove access</source>
        <translation>Zugriff entziehen</translation>
    </message>
    <message>
        <source>Remove access of the selected person</source>
        <translation>Der ausgewählten Person den Zugriff entziehen</translation>
    </message>
    <message>
        <source>Share with</source>
        <translation>Freigeben für</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Check words</source>
        <translation>Prüfwörter</translation>
    </message>
    <message>
        <source>Looking up…</source>
        <translation>Wird nachgeschlagen…</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>First contact: compare the check words with %1</source>
        <translation>Erster Kontakt: Vergleichen Sie die Prüfwörter mit %1</translation>
    </message>
    <message>
        <source>KEY CHANGED</source>
        <translation>SCHLÜSSEL GEÄNDERT</translation>
    </message>
    <message>
        <source>I compared these words with %1 (in person or by phone)</source>
        <translation>Ich habe diese Wörter mit %1 verglichen (persönlich oder am Telefon)</translation>
    </message>
    <message>
        <source>The key of %1 is not the one seen before. Someone may be impersonating this person or their server. Nothing will be shared until you have checked with them by another way (phone, in person).</source>
        <translation>Der Schlüssel von %1 ist nicht der bisher gesehene. Jemand könnte sich als diese Person oder ihr Server ausgeben. Nichts wird freigegeben, bis Sie auf anderem Weg (Telefon, persönlich) mit ihr gesprochen haben.</translation>
    </message>
    <message>
        <source>can change</source>
        <translation>darf ändern</translation>
    </message>
    <message>
        <source>can view</source>
        <translation>darf ansehen</translation>
    </message>
    <message>
        <source>Nobody called %1 was found on that server: check the address.</source>
        <translation>Auf diesem Server wurde niemand namens %1 gefunden: Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The server %1 cannot be reached: check the address, or try later.</source>
        <translation>Der Server %1 ist nicht erreichbar: Prüfen Sie die Adresse oder versuchen Sie es später.</translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <source>Recover from shares</source>
        <translation>Aus Anteilen wiederherstellen</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Anteile</translation>
    </message>
    <message>
        <source>One share per line</source>
        <translation>Ein Anteil pro Zeile</translation>
    </message>
    <message>
        <source>Type or paste enough of your shares, one per line, in any order.</source>
        <translation>Geben Sie genügend Ihrer Anteile ein oder fügen Sie sie ein, einen pro Zeile, in beliebiger Reihenfolge.</translation>
    </message>
</context>
<context>
    <name>Shield</name>
    <message>
        <source>Verified</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Needs your attention</source>
        <translation>Braucht Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Tampering detected</source>
        <translation>Manipulation erkannt</translation>
    </message>
</context>
<context>
    <name>ShowPhraseDialog</name>
    <message>
        <source>Recovery phrase</source>
        <translation>Wiederherstellungsphrase</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Type your password to see your 24 words.</source>
        <translation>Geben Sie Ihr Passwort ein, um Ihre 24 Wörter zu sehen.</translation>
    </message>
</context>
<context>
    <name>SplitPhraseDialog</name>
    <message>
        <source>Split my phrase</source>
        <translation>Meine Phrase aufteilen</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Anteile</translation>
    </message>
    <message>
        <source>Needed to restore</source>
        <translation>Zum Wiederherstellen nötig</translation>
    </message>
    <message>
        <source>Share sheets</source>
        <translation>Anteilsblätter</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Aufteilen</translation>
    </message>
    <message>
        <source>Save sheets…</source>
        <translation>Blätter speichern…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Shares to make</source>
        <translation>Zu erstellende Anteile</translation>
    </message>
    <message>
        <source>Shares needed to restore</source>
        <translation>Zum Wiederherstellen nötige Anteile</translation>
    </message>
    <message>
        <source>Your 24 words become several shares: any few of them restore the account, fewer tell nothing. Keep each share in a different place.</source>
        <translation>Ihre 24 Wörter werden zu mehreren Anteilen: Einige wenige davon stellen das Konto wieder her, weniger verraten nichts. Bewahren Sie jeden Anteil an einem anderen Ort auf.</translation>
    </message>
    <message>
        <source>Save share sheets</source>
        <translation>Anteilsblätter speichern</translation>
    </message>
</context>
<context>
    <name>StatusShield</name>
    <message>
        <source>Security status</source>
        <translation>Sicherheitsstatus</translation>
    </message>
    <message>
        <source>A message claiming to be from {sender} failed its check.</source>
        <translation>Eine Nachricht, die angeblich von {sender} stammt, hat die Prüfung nicht bestanden.</translation>
    </message>
    <message>
        <source>{sender} is not verified yet.</source>
        <translation>{sender} ist noch nicht geprüft.</translation>
    </message>
    <message>
        <source>Every key and signature checked so far verified.</source>
        <translation>Jeder bisher geprüfte Schlüssel und jede Signatur ist gültig.</translation>
    </message>
</context>
<context>
    <name>Transfers</name>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 Min. %2 Sek.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 Sek.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Interrupted: %1</source>
        <translation>Unterbrochen: %1</translation>
    </message>
    <message>
        <source> (Resume goes on where it stopped)</source>
        <translation> (Fortsetzen macht dort weiter, wo es aufgehört hat)</translation>
    </message>
    <message>
        <source>Paused (Resume goes on where it stopped)</source>
        <translation>Angehalten (Fortsetzen macht dort weiter, wo es aufgehört hat)</translation>
    </message>
    <message>
        <source>Paused (Resume downloads it again from the start)</source>
        <translation>Angehalten (Fortsetzen lädt die Datei noch einmal von Anfang an herunter)</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Wird hochgeladen</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Wird heruntergeladen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Upload to %1</source>
        <translation>Hochladen nach %1</translation>
    </message>
    <message>
        <source>Download to %1</source>
        <translation>Herunterladen nach %1</translation>
    </message>
    <message>
        <source>Privshare closed before it was done</source>
        <translation>Privshare wurde geschlossen, bevor es fertig war</translation>
    </message>
    <message>
        <source>the operation ended before this file was done</source>
        <translation>der Vorgang endete, bevor diese Datei fertig war</translation>
    </message>
    <message>
        <source>the server does not answer; it goes again when the server is back</source>
        <translation>der Server antwortet nicht; es geht weiter, sobald der Server zurück ist</translation>
    </message>
</context>
<context>
    <name>TransfersPanel</name>
    <message>
        <source>Transfers</source>
        <translation>Übertragungen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Abgeschlossene entfernen</translation>
    </message>
    <message>
        <source>Cancel the selected transfers</source>
        <translation>Die ausgewählten Übertragungen abbrechen</translation>
    </message>
    <message>
        <source>Pause the selected transfers</source>
        <translation>Die ausgewählten Übertragungen anhalten</translation>
    </message>
    <message>
        <source>Retry the selected transfers</source>
        <translation>Die ausgewählten Übertragungen wiederholen</translation>
    </message>
    <message>
        <source>Remove the selected transfers from the list</source>
        <translation>Die ausgewählten Übertragungen aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Show the downloaded file in its folder</source>
        <translation>Die heruntergeladene Datei in ihrem Ordner zeigen</translation>
    </message>
    <message>
        <source>Clear finished transfers</source>
        <translation>Abgeschlossene Übertragungen entfernen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
</context>
<context>
    <name>TrashPage</name>
    <message>
        <source>Trash</source>
        <translation>Papierkorb</translation>
    </message>
    <message>
        <source>Items in the trash</source>
        <translation>Elemente im Papierkorb</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Original folder</source>
        <translation>Ursprünglicher Ordner</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>Der Papierkorb ist leer.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Restore the selected items</source>
        <translation>Die ausgewählten Elemente wiederherstellen</translation>
    </message>
    <message>
        <source>Empty trash…</source>
        <translation>Papierkorb leeren…</translation>
    </message>
    <message>
        <source>Empty trash</source>
        <translation>Papierkorb leeren</translation>
    </message>
    <message>
        <source>How long deleted items are kept</source>
        <translation>Wie lange gelöschte Elemente aufbewahrt werden</translation>
    </message>
    <message numerus="yes">
        <source>Items are deleted for good after %n days (Settings).</source>
        <translation>
            <numerusform>Elemente werden nach %n Tag endgültig gelöscht (Einstellungen).</numerusform>
            <numerusform>Elemente werden nach %n Tagen endgültig gelöscht (Einstellungen).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n items in the trash for good?

This cannot be undone: they and their versions are gone.</source>
        <translation>
            <numerusform>Das %n Element im Papierkorb endgültig löschen?

Das kann nicht rückgängig gemacht werden: Es und seine Versionen sind verloren.</numerusform>
            <numerusform>Die %n Elemente im Papierkorb endgültig löschen?

Das kann nicht rückgängig gemacht werden: Sie und ihre Versionen sind verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>Something named “%1” is in %2 again.

Restore the deleted one beside it under a new name, or leave it in the trash?</source>
        <translation>In %2 gibt es wieder etwas namens „%1“.

Das gelöschte Element unter neuem Namen daneben wiederherstellen oder im Papierkorb lassen?</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>Beide behalten</translation>
    </message>
    <message>
        <source>Leave in trash</source>
        <translation>Im Papierkorb lassen</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>This desktop has no system tray: new shares are announced here and in the Inbox.</source>
        <translation>Dieser Desktop hat keinen Infobereich: Neue Freigaben werden hier und im Posteingang angekündigt.</translation>
    </message>
</context>
<context>
    <name>UndoHistory</name>
    <message>
        <source>Moved %1 to Trash</source>
        <translation>%1 in den Papierkorb verschoben</translation>
    </message>
    <message>
        <source>Renamed “%1” to “%2”</source>
        <translation>„%1“ in „%2“ umbenannt</translation>
    </message>
    <message>
        <source>Moved %1 to %2</source>
        <translation>%1 nach %2 verschoben</translation>
    </message>
    <message>
        <source>Restored %1</source>
        <translation>%1 wiederhergestellt</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Rückgängig gemacht: %1</translation>
    </message>
    <message>
        <source>Putting back {done} of {total}…</source>
        <translation>{done} von {total} werden zurückgelegt…</translation>
    </message>
    <message>
        <source>the server cannot be reached</source>
        <translation>der Server ist nicht erreichbar</translation>
    </message>
    <message>
        <source>Put back {back}; not {left}: {reason}. Undo again to put back the rest.</source>
        <translation>{back} zurückgelegt; nicht {left}: {reason}. Erneut rückgängig machen, um den Rest zurückzulegen.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message>
        <source>Last action</source>
        <translation>Letzte Aktion</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last action</source>
        <translation>Die letzte Aktion rückgängig machen</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>Rückgängig (Strg+Z)</translation>
    </message>
</context>
<context>
    <name>UsageLabel</name>
    <message>
        <source>Storage used</source>
        <translation>Belegter Speicher</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>%1 von %2 belegt</translation>
    </message>
    <message>
        <source>%1 of %2 bytes (%3%), encrypted: every kept version and the trash</source>
        <translation>%1 von %2 Bytes (%3 %), verschlüsselt: jede aufbewahrte Version und der Papierkorb</translation>
    </message>
</context>
<context>
    <name>VersionsDialog</name>
    <message>
        <source>Versions of %1</source>
        <translation>Versionen von %1</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Diese Version wiederherstellen</translation>
    </message>
    <message>
        <source>Restore the selected version</source>
        <translation>Die ausgewählte Version wiederherstellen</translation>
    </message>
    <message>
        <source>Restoring keeps every version: it adds the old content as new.</source>
        <translation>Wiederherstellen behält jede Version: Der alte Inhalt wird als neue Version hinzugefügt.</translation>
    </message>
    <message>
        <source>(current)</source>
        <translation>(aktuell)</translation>
    </message>
    <message>
        <source>Version %1 — %2, %3</source>
        <translation>Version %1 — %2, %3</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>All transfers</source>
        <translation>Alle Übertragungen</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>&amp;Dateien</translation>
    </message>
    <message>
        <source>Go up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Open as drive</source>
        <translation>Als Laufwerk öffnen</translation>
    </message>
    <message>
        <source>Activity…</source>
        <translation>Aktivität…</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <source>Show recovery phrase…</source>
        <translation>Wiederherstellungsphrase anzeigen…</translation>
    </message>
    <message>
        <source>Split my phrase…</source>
        <translation>Meine Phrase aufteilen…</translation>
    </message>
    <message>
        <source>Check my phrase or shares…</source>
        <translation>Meine Phrase oder Anteile prüfen…</translation>
    </message>
    <message>
        <source>Add a device…</source>
        <translation>Gerät hinzufügen…</translation>
    </message>
    <message>
        <source>Devices &amp; sessions…</source>
        <translation>Geräte und Sitzungen…</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Passwort ändern…</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Jetzt sperren</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>About Privshare</source>
        <translation>Über Privshare</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 Element</translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%n Element</numerusform>
            <numerusform>%n Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved “%1” in %2</source>
        <translation>„%1“ in %2 gespeichert</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Privshare %1
Account: %2
Server: %3
Your check words: %4
%5</source>
        <translation>Privshare %1
Konto: %2
Server: %3
Ihre Prüfwörter: %4
%5</translation>
    </message>
</context>
<context>
    <name>Wizard</name>
    <message>
        <source>Welcome to Privshare</source>
        <translation>Willkommen bei Privshare</translation>
    </message>
    <message>
        <source>Your files are encrypted on this computer before they leave it.</source>
        <translation>Ihre Dateien werden auf diesem Computer verschlüsselt, bevor sie ihn verlassen.</translation>
    </message>
    <message>
        <source>Where are your files kept?</source>
        <translation>Wo werden Ihre Dateien aufbewahrt?</translation>
    </message>
    <message>
        <source>The address of a Privshare server (ask whoever runs it), or this computer to try Privshare out.</source>
        <translation>Die Adresse eines Privshare-Servers (fragen Sie, wer ihn betreibt) oder dieser Computer, um Privshare auszuprobieren.</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <source>Pick a user name and a password you will remember.</source>
        <translation>Wählen Sie einen Benutzernamen und ein Passwort, das Sie sich merken können.</translation>
    </message>
    <message>
        <source>Your recovery phrase</source>
        <translation>Ihre Wiederherstellungsphrase</translation>
    </message>
    <message>
        <source>Write these 24 words on paper, in order, and keep them safe (Account › Show recovery phrase… shows them again, after your password). With them you get your account and the files on its server back if this computer is lost; without them, nobody can.</source>
        <translation>Schreiben Sie diese 24 Wörter der Reihe nach auf Papier und bewahren Sie sie sicher auf (Konto › Wiederherstellungsphrase anzeigen… zeigt sie nach Eingabe Ihres Passworts erneut). Mit ihnen erhalten Sie Ihr Konto und die Dateien auf seinem Server zurück, wenn dieser Computer verloren geht; ohne sie kann das niemand.</translation>
    </message>
    <message>
        <source>Check your recovery phrase</source>
        <translation>Wiederherstellungsphrase prüfen</translation>
    </message>
    <message>
        <source>Type the words asked for, from your paper copy.</source>
        <translation>Geben Sie die gefragten Wörter von Ihrer Papierkopie ein.</translation>
    </message>
    <message>
        <source>Sign in on this computer</source>
        <translation>Auf diesem Computer anmelden</translation>
    </message>
    <message>
        <source>Your account&apos;s user name and password.</source>
        <translation>Benutzername und Passwort Ihres Kontos.</translation>
    </message>
    <message>
        <source>Recover with your phrase</source>
        <translation>Mit Ihrer Phrase wiederherstellen</translation>
    </message>
    <message>
        <source>Type your 12 to 24 words, or paste the whole phrase into any field.</source>
        <translation>Geben Sie Ihre 12 bis 24 Wörter ein oder fügen Sie die ganze Phrase in ein beliebiges Feld ein.</translation>
    </message>
    <message>
        <source>Choose a new password</source>
        <translation>Neues Passwort wählen</translation>
    </message>
    <message>
        <source>It opens your account here and on any new computer. A computer that already had this account still opens with its old password: change it there too.</source>
        <translation>Es öffnet Ihr Konto hier und auf jedem neuen Computer. Ein Computer, der dieses Konto schon hatte, öffnet es weiter mit dem alten Passwort: Ändern Sie es dort ebenfalls.</translation>
    </message>
    <message>
        <source>Link to an existing device</source>
        <translation>Mit einem vorhandenen Gerät verknüpfen</translation>
    </message>
    <message>
        <source>On a device that is signed in, choose Account, Add a device. Type the code it shows, then check that both screens show the same words.</source>
        <translation>Wählen Sie auf einem angemeldeten Gerät Konto › Gerät hinzufügen. Geben Sie den angezeigten Code ein und prüfen Sie, ob beide Bildschirme dieselben Wörter zeigen.</translation>
    </message>
    <message>
        <source>All set</source>
        <translation>Alles bereit</translation>
    </message>
    <message>
        <source>Drop files onto the window to encrypt and upload them.</source>
        <translation>Ziehen Sie Dateien auf das Fenster, um sie zu verschlüsseln und hochzuladen.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Code from the other device</source>
        <translation>Code vom anderen Gerät</translation>
    </message>
    <message>
        <source>Verification words</source>
        <translation>Bestätigungswörter</translation>
    </message>
    <message>
        <source>A password for this device:</source>
        <translation>Ein Passwort für dieses Gerät:</translation>
    </message>
    <message>
        <source>Verification words: %1</source>
        <translation>Bestätigungswörter: %1</translation>
    </message>
    <message>
        <source>Check that the other device shows the same words, and confirm there.</source>
        <translation>Prüfen Sie, ob das andere Gerät dieselben Wörter zeigt, und bestätigen Sie dort.</translation>
    </message>
    <message>
        <source>too weak</source>
        <translation>zu schwach</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>good</source>
        <translation>gut</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>stark</translation>
    </message>
    <message>
        <source>Use at least 10 characters.</source>
        <translation>Verwenden Sie mindestens 10 Zeichen.</translation>
    </message>
    <message>
        <source>This password is too easy to guess: make it longer or less predictable.</source>
        <translation>Dieses Passwort ist zu leicht zu erraten: Machen Sie es länger oder weniger vorhersehbar.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter sind verschieden.</translation>
    </message>
    <message>
        <source>A user name is 1-64 lower-case letters, digits, dots, dashes or underscores.</source>
        <translation>Ein Benutzername besteht aus 1–64 Kleinbuchstaben, Ziffern, Punkten, Binde- oder Unterstrichen.</translation>
    </message>
    <message>
        <source>Create a new account</source>
        <translation>Ein neues Konto erstellen</translation>
    </message>
    <message>
        <source>Sign in to my account on this computer</source>
        <translation>Auf diesem Computer bei meinem Konto anmelden</translation>
    </message>
    <message>
        <source>Recover my account with my 24 words</source>
        <translation>Mein Konto mit meinen 24 Wörtern wiederherstellen</translation>
    </message>
    <message>
        <source>Link to an existing device (it shows a code)</source>
        <translation>Mit einem vorhandenen Gerät verknüpfen (es zeigt einen Code)</translation>
    </message>
    <message>
        <source>A Privshare server at this address:</source>
        <translation>Ein Privshare-Server unter dieser Adresse:</translation>
    </message>
    <message>
        <source>This computer, to try Privshare out</source>
        <translation>Dieser Computer, um Privshare auszuprobieren</translation>
    </message>
    <message>
        <source>Files on this computer only: people on other computers cannot reach them, and if this computer is lost, so are they (your 24 words restore the account, not files that were never anywhere else).</source>
        <translation>Dateien nur auf diesem Computer: Personen an anderen Computern erreichen sie nicht, und geht dieser Computer verloren, sind auch sie verloren (Ihre 24 Wörter stellen das Konto wieder her, nicht Dateien, die nie anderswo waren).</translation>
    </message>
    <message>
        <source>What this computer means</source>
        <translation>Was „dieser Computer“ bedeutet</translation>
    </message>
    <message>
        <source>Keep files on this computer</source>
        <translation>Dateien auf diesem Computer aufbewahren</translation>
    </message>
    <message>
        <source>Use a Privshare server</source>
        <translation>Einen Privshare-Server verwenden</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Choose where your files are kept.</source>
        <translation>Wählen Sie, wo Ihre Dateien aufbewahrt werden.</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, such as files.example.org.</source>
        <translation>Geben Sie die Adresse des Servers ein, etwa files.example.org.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation>Passwortstärke</translation>
    </message>
    <message>
        <source>Password strength verdict</source>
        <translation>Bewertung der Passwortstärke</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <source>at least 10 characters</source>
        <translation>mindestens 10 Zeichen</translation>
    </message>
    <message>
        <source>Print a recovery sheet…</source>
        <translation>Wiederherstellungsblatt drucken…</translation>
    </message>
    <message>
        <source>Print a recovery sheet</source>
        <translation>Wiederherstellungsblatt drucken</translation>
    </message>
    <message>
        <source>Save a printable recovery sheet…</source>
        <translation>Druckbares Wiederherstellungsblatt speichern…</translation>
    </message>
    <message>
        <source>Save a printable recovery sheet</source>
        <translation>Druckbares Wiederherstellungsblatt speichern</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Auf diesem Computer angemeldet bleiben</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>I have shares of my phrase instead…</source>
        <translation>Ich habe stattdessen Anteile meiner Phrase…</translation>
    </message>
    <message>
        <source>Fill in 12, 15, 18, 21 or 24 words.</source>
        <translation>Füllen Sie 12, 15, 18, 21 oder 24 Wörter aus.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Your address</source>
        <translation>Ihre Adresse</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy your address</source>
        <translation>Ihre Adresse kopieren</translation>
    </message>
    <message>
        <source>Your check words</source>
        <translation>Ihre Prüfwörter</translation>
    </message>
    <message>
        <source>Give people this address to share with you:</source>
        <translation>Geben Sie anderen diese Adresse, damit sie mit Ihnen teilen können:</translation>
    </message>
    <message>
        <source>They will see these check words for you: read them out when they ask.</source>
        <translation>Sie sehen diese Prüfwörter für Sie: Lesen Sie sie vor, wenn sie danach fragen.</translation>
    </message>
    <message>
        <source>Privshare: set up</source>
        <translation>Privshare: Einrichtung</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Open Privshare</source>
        <translation>Privshare öffnen</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Angemeldet als %1.</translation>
    </message>
    <message>
        <source>Your files are readable again with your new password.</source>
        <translation>Ihre Dateien sind mit Ihrem neuen Passwort wieder lesbar.</translation>
    </message>
    <message>
        <source>This device has its own key and password.</source>
        <translation>Dieses Gerät hat einen eigenen Schlüssel und ein eigenes Passwort.</translation>
    </message>
    <message>
        <source>Save recovery sheet</source>
        <translation>Wiederherstellungsblatt speichern</translation>
    </message>
    <message>
        <source>Print recovery sheet</source>
        <translation>Wiederherstellungsblatt drucken</translation>
    </message>
</context>
<context>
    <name>WriteGuard</name>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Shared by me lists what you share: add files in My files.</source>
        <translation>„Von mir geteilt“ zeigt, was Sie teilen: Dateien fügen Sie in „Meine Dateien“ hinzu.</translation>
    </message>
    <message>
        <source>Shared with me lists the shares you accepted: open one to add files to it.</source>
        <translation>„Mit mir geteilt“ zeigt die Freigaben, die Sie angenommen haben: Öffnen Sie eine, um Dateien hinzuzufügen.</translation>
    </message>
    <message>
        <source>Still checking whether you may change “{share}”.</source>
        <translation>Es wird noch geprüft, ob Sie „{share}“ ändern dürfen.</translation>
    </message>
    <message>
        <source>“{share}” is shared with you read-only by {sender}: ask them for write access to add or change files.</source>
        <translation>{sender} hat „{share}“ nur zum Lesen mit Ihnen geteilt: Bitten Sie um Schreibzugriff, um Dateien hinzuzufügen oder zu ändern.</translation>
    </message>
</context>
</TS>
