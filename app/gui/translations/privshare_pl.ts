<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Activity in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes in this folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the log again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading and checking the log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No changes logged in this folder yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All %1 entries are signed by their writers and verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1 of %2 entries are unverified. Someone without this folder&apos;s keys, such as the server, changed the log, or a change was made that nobody signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unverified: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uploaded “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved a new version of “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>made the folder “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>renamed “%1” to “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moved “%1” here from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moved “%1” to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moved “%1” to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restored “%1” from the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared “%1” with %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped sharing “%1” with %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced “%1” (new keys)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(version %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddDeviceDialog</name>
    <message>
        <source>Add a device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same words: link it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The words differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the new device run:  privshare device join %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code works once, for 10 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the new device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does the new device show the same words?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linked %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>The account of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <source>People — drop files on someone to send them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name#host or drop:…#host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files here to send them to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a person, or type an address (name#host).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sending %n file(s) to %1…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n file(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CreateDropDialog</name>
    <message>
        <source>Create a drop inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. tax papers (only you see it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires after days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size limit per delivery in MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone with a Privshare account and this inbox&apos;s address can send you files here without knowing your name. The label and limits stay with you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DevicesSessionsDialog</name>
    <message>
        <source>Devices &amp; sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out the selected device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End the selected session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices of this account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open sessions at the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 open session</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open sessions</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>First device (holds the recovery phrase)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(this device)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>when the account was made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the device you are using: Account › Sign out signs it out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first device holds the recovery phrase; recovering the account replaces its key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(this session)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window uses this session: Account › Sign out ends it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out “%1”? Its key stops working at once and its open sessions end. It still holds the account&apos;s keys: if it was lost or stolen, also recover the account with the recovery phrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out a device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End session %1? Its next request is refused; the device that opened it must sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End a session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended session %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DriveControl</name>
    <message>
        <source>Privshare Drive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your files are served as a WebDAV drive on this computer until you lock or quit Privshare. Connect your file manager to:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DropsPanel</name>
    <message>
        <source>Drop inboxes — addresses that do not name you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop inboxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a drop inbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, at most %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privshare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke “%1”? Deliveries to it are refused from now on, and %2 unsaved delivery(ies) in it are deleted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorLine</name>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show error details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Upload files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy link…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete permanently…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privshare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 permanently?

This cannot be undone: deleted items and their versions are gone for you and for everyone they are shared with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send “%1” to (name#host):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent “%1” to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileModel</name>
    <message numerus="yes">
        <source>file request, %n dropped</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2 downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anyone with the link (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared (read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared (read &amp; write)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can view: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileView</name>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the preview (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FolderPicker</name>
    <message>
        <source>Move to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxNotices</name>
    <message>
        <source>the server does not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbox not updated: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>Incoming shares and files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name in Shared with me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder in My files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to My files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>via drop inbox “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected — claims to be from %1 (not verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>can change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>can view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing here yet. Shares and files sent to you arrive here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message failed a check and is not opened: its sender could not be verified or its content was changed. You can only delete it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sender %1: key verified in their server&apos;s key log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a name without “/”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder of My files, such as /Documents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the files in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In 1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In 1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy link to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protect with a password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link appears here, and is copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links to this item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the selected link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a password, or untick the password box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypting a copy for the link…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied. Anyone with this link can open it in a browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied. Anyone with this link and the password can open it in a browser: send the password another way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Links</name>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a Privshare link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link cannot be opened: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privshare link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link points at %1. Links open shared items once sharing comes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Privshare is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgot password? Use your 24 words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover with your 24 words</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privshare is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open it from the tray icon; Quit there ends it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <source>1 new item</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new items</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Files from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” (%2) is waiting in your Inbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New share from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is waiting in your Inbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(drop inbox “%1”)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Open Privshare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 transfers running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 new in the Inbox</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Connection state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the previous settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: %1 does not answer. Privshare keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Organise</name>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n items in the trash</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>1 item in the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Phrase</name>
    <message>
        <source>Recovery phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word #%1 is not right: check your paper copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery phrase entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word %1 “%2” is not in the word list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a file to preview it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is damaged or locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an image this app can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too large to preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is damaged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryDrillDialog</name>
    <message>
        <source>Check my phrase or shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrase or shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your 24 words, or your shares (one per line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This only checks: nothing is changed or sent anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They restore this account. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a valid phrase, but of another account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryKit</name>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <source>Request files for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the page asks for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests for this folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save received files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied. Anyone with this link can send files; only you can open them. Save them below when they have arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n file(s) received</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Save received files in</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Saved %n file(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upload(s) did not verify and were not saved (they stay on the server).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Search all my files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio and video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update the search index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read every folder again, to find what other devices changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first %1 results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading every folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items indexed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>My files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared with me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared by me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trash</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the system settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SOCKS5 proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept only while Privshare runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directly, or through my server when that fails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directly only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always through my server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the download folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show desktop notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies the next time Privshare starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reach other people&apos;s servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep deleted items in the trash for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep deleted items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name (on your server) or name#server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the recipient&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can view and change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient check words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I compared the check words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People with access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove access of the selected person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First contact: compare the check words with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KEY CHANGED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I compared these words with %1 (in person or by phone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of %1 is not the one seen before. Someone may be impersonating this person or their server. Nothing will be shared until you have checked with them by another way (phone, in person).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>can change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>can view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody called %1 was found on that server: check the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server %1 cannot be reached: check the address, or try later.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <source>Recover from shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One share per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or paste enough of your shares, one per line, in any order.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShowPhraseDialog</name>
    <message>
        <source>Recovery phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your password to see your 24 words.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SplitPhraseDialog</name>
    <message>
        <source>Split my phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needed to restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share sheets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save sheets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares to make</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares needed to restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your 24 words become several shares: any few of them restore the account, fewer tell nothing. Keep each share in a different place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save share sheets</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Transfers</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (Resume goes on where it stopped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privshare closed before it was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the operation ended before this file was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not answer; it goes again when the server is back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransfersPanel</name>
    <message>
        <source>Transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the selected transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry the selected transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected transfers from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the downloaded file in its folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear finished transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrashPage</name>
    <message>
        <source>Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items in the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the selected items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty trash…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long deleted items are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items are deleted for good after %1 days (Settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something named “%1” is in %2 again.

Restore the deleted one beside it under a new name, or leave it in the trash?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave in trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the %1 items in the trash for good?

This cannot be undone: they and their versions are gone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>This desktop has no system tray: new shares are announced here and in the Inbox.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoHistory</name>
    <message>
        <source>Moved %1 to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed “%1” to “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message>
        <source>Last action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsageLabel</name>
    <message>
        <source>Storage used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 bytes (%3%), encrypted: every kept version and the trash</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VersionsDialog</name>
    <message>
        <source>Versions of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the selected version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring keeps every version: it adds the old content as new.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(current)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>All transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open as drive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show recovery phrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split my phrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check my phrase or shares…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices &amp; sessions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Privshare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 item</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Saved “%1” in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privshare %1
Account: %2
Server: %3
Your check words: %4
%5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Wizard</name>
    <message>
        <source>Welcome to Privshare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your files are encrypted on this computer before they leave it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where are your files kept?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address of a Privshare server (ask whoever runs it), or this computer to try Privshare out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a user name and a password you will remember.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your recovery phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write these 24 words on paper, in order, and keep them safe (Account › Show recovery phrase… shows them again, after your password). With them you get your account and the files on its server back if this computer is lost; without them, nobody can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check your recovery phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the words asked for, from your paper copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account&apos;s user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover with your phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your 12 to 24 words, or paste the whole phrase into any field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It opens your account here and on any new computer. A computer that already had this account still opens with its old password: change it there too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link to an existing device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On a device that is signed in, choose Account, Add a device. Type the code it shows, then check that both screens show the same words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files onto the window to encrypt and upload them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code from the other device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A password for this device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification words: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the other device shows the same words, and confirm there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too weak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use at least 10 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This password is too easy to guess: make it longer or less predictable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user name is 1-64 lower-case letters, digits, dots, dashes or underscores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to my account on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover my account with my 24 words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link to an existing device (it shows a code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Privshare server at this address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer, to try Privshare out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files on this computer only: people on other computers cannot reach them, and if this computer is lost, so are they (your 24 words restore the account, not files that were never anywhere else).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What this computer means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep files on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a Privshare server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where your files are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the server&apos;s address, such as files.example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password strength verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least 10 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print a recovery sheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print a recovery sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a printable recovery sheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a printable recovery sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have shares of my phrase instead…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in 12, 15, 18, 21 or 24 words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy your address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your check words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give people this address to share with you:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They will see these check words for you: read them out when they ask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privshare: set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Privshare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your files are readable again with your new password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device has its own key and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save recovery sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print recovery sheet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
