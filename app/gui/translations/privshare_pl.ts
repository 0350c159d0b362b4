<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Activity in %1</source>
        <translation>Aktywność w %1</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Podsumowanie</translation>
    </message>
    <message>
        <source>Changes in this folder</source>
        <translation>Zmiany w tym folderze</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kiedy</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Kto</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Co</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Weryfikacja</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>Read the log again</source>
        <translation>Wczytaj dziennik ponownie</translation>
    </message>
    <message>
        <source>Reading and checking the log…</source>
        <translation>Wczytywanie i sprawdzanie dziennika…</translation>
    </message>
    <message>
        <source>No changes logged in this folder yet.</source>
        <translation>W tym folderze nie zapisano jeszcze żadnych zmian.</translation>
    </message>
    <message numerus="yes">
        <source>All %n entries are signed by their writers and verified.</source>
        <translation>
            <numerusform>%n wpis jest podpisany przez autora i zweryfikowany.</numerusform>
            <numerusform>Wszystkie %n wpisy są podpisane przez autorów i zweryfikowane.</numerusform>
            <numerusform>Wszystkie %n wpisów jest podpisanych przez autorów i zweryfikowanych.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Warning: %n of %1 entries are unverified. Someone without this folder&apos;s keys, such as the server, changed the log, or a change was made that nobody signed.</source>
        <translation>
            <numerusform>Uwaga: %n z %1 wpisów jest niezweryfikowany. Ktoś bez kluczy tego folderu, na przykład serwer, zmienił dziennik albo wprowadzono zmianę, której nikt nie podpisał.</numerusform>
            <numerusform>Uwaga: %n z %1 wpisów są niezweryfikowane. Ktoś bez kluczy tego folderu, na przykład serwer, zmienił dziennik albo wprowadzono zmianę, której nikt nie podpisał.</numerusform>
            <numerusform>Uwaga: %n z %1 wpisów jest niezweryfikowanych. Ktoś bez kluczy tego folderu, na przykład serwer, zmienił dziennik albo wprowadzono zmianę, której nikt nie podpisał.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Zweryfikowano</translation>
    </message>
    <message>
        <source>Verified, recorded before the log was chained (weaker checks)</source>
        <translation>Zweryfikowano, zapisano przed połączeniem dziennika w łańcuch (słabsze sprawdzenia)</translation>
    </message>
    <message>
        <source>Unverified: %1</source>
        <translation>Niezweryfikowane: %1</translation>
    </message>
    <message>
        <source>uploaded “%1”</source>
        <translation>przesłał(a) „%1”</translation>
    </message>
    <message>
        <source>saved a new version of “%1”</source>
        <translation>zapisał(a) nową wersję „%1”</translation>
    </message>
    <message>
        <source>made the folder “%1”</source>
        <translation>utworzył(a) folder „%1”</translation>
    </message>
    <message>
        <source>renamed “%1” to “%2”</source>
        <translation>zmienił(a) nazwę „%1” na „%2”</translation>
    </message>
    <message>
        <source>moved “%1” here from %2</source>
        <translation>przeniósł/przeniosła „%1” tutaj z %2</translation>
    </message>
    <message>
        <source>moved “%1” to %2</source>
        <translation>przeniósł/przeniosła „%1” do %2</translation>
    </message>
    <message>
        <source>deleted “%1”</source>
        <translation>usunął/usunęła „%1”</translation>
    </message>
    <message>
        <source>moved “%1” to the trash</source>
        <translation>przeniósł/przeniosła „%1” do kosza</translation>
    </message>
    <message>
        <source>restored “%1” from the trash</source>
        <translation>przywrócił(a) „%1” z kosza</translation>
    </message>
    <message>
        <source>shared “%1” with %2</source>
        <translation>udostępnił(a) „%1” dla %2</translation>
    </message>
    <message>
        <source>stopped sharing “%1” with %2</source>
        <translation>przestał(a) udostępniać „%1” dla %2</translation>
    </message>
    <message>
        <source>replaced “%1” (new keys)</source>
        <translation>zastąpił(a) „%1” (nowe klucze)</translation>
    </message>
    <message>
        <source>changed the folder</source>
        <translation>zmienił(a) folder</translation>
    </message>
    <message>
        <source>(version %1)</source>
        <translation>(wersja %1)</translation>
    </message>
</context>
<context>
    <name>AddDeviceDialog</name>
    <message>
        <source>Add a device</source>
        <translation>Dodaj urządzenie</translation>
    </message>
    <message>
        <source>Device name</source>
        <translation>Nazwa urządzenia</translation>
    </message>
    <message>
        <source>Show a code</source>
        <translation>Pokaż kod</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Verification words</source>
        <translation>Słowa weryfikacyjne</translation>
    </message>
    <message>
        <source>Same words: link it</source>
        <translation>Te same słowa: połącz</translation>
    </message>
    <message>
        <source>The words differ</source>
        <translation>Słowa się różnią</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Name of the new device</source>
        <translation>Nazwa nowego urządzenia</translation>
    </message>
    <message>
        <source>On the new device run:  privshare device join %1 %2</source>
        <translation>Na nowym urządzeniu uruchom:  privshare device join %1 %2</translation>
    </message>
    <message>
        <source>The code works once, for 10 minutes.</source>
        <translation>Kod działa jeden raz, przez 10 minut.</translation>
    </message>
    <message>
        <source>Waiting for the new device…</source>
        <translation>Oczekiwanie na nowe urządzenie…</translation>
    </message>
    <message>
        <source>Does the new device show the same words?</source>
        <translation>Czy nowe urządzenie pokazuje te same słowa?</translation>
    </message>
    <message>
        <source>Linked %1.</source>
        <translation>Połączono %1.</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>The account of %1</source>
        <translation>Konto w %1</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Zmień hasło</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Obecne hasło</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <source>People — drop files on someone to send them</source>
        <translation>Osoby — upuść pliki na kogoś, aby je wysłać</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Osoby</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Wyślij do</translation>
    </message>
    <message>
        <source>name#host or drop:…#host</source>
        <translation>nazwa#host lub drop:…#host</translation>
    </message>
    <message>
        <source>Send files…</source>
        <translation>Wyślij pliki…</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wysyłanie</translation>
    </message>
    <message>
        <source>Send status</source>
        <translation>Stan wysyłania</translation>
    </message>
    <message>
        <source>Drop files here to send them to %1</source>
        <translation>Upuść tutaj pliki, aby wysłać je do %1</translation>
    </message>
    <message>
        <source>Send files</source>
        <translation>Wyślij pliki</translation>
    </message>
    <message>
        <source>Choose a person, or type an address (name#host).</source>
        <translation>Wybierz osobę lub wpisz adres (nazwa#host).</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n file(s) to %1…</source>
        <translation>
            <numerusform>Wysyłanie %n pliku do %1…</numerusform>
            <numerusform>Wysyłanie %n plików do %1…</numerusform>
            <numerusform>Wysyłanie %n plików do %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n file(s) to %1.</source>
        <translation>
            <numerusform>Wysłano %n plik do %1.</numerusform>
            <numerusform>Wysłano %n pliki do %1.</numerusform>
            <numerusform>Wysłano %n plików do %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CreateDropDialog</name>
    <message>
        <source>Create a drop inbox</source>
        <translation>Utwórz skrzynkę nadawczą</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etykieta</translation>
    </message>
    <message>
        <source>e.g. tax papers (only you see it)</source>
        <translation>np. dokumenty podatkowe (widzisz ją tylko ty)</translation>
    </message>
    <message>
        <source>Expires after days</source>
        <translation>Wygasa po dniach</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nigdy</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dni</translation>
    </message>
    <message>
        <source>Size limit per delivery in MiB</source>
        <translation>Limit rozmiaru przesyłki w MiB</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>bez limitu</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Expires after</source>
        <translation>Wygasa po</translation>
    </message>
    <message>
        <source>Largest delivery</source>
        <translation>Największa przesyłka</translation>
    </message>
    <message>
        <source>Anyone with a Privshare account and this inbox&apos;s address can send you files here without knowing your name. The label and limits stay with you.</source>
        <translation>Każdy, kto ma konto Privshare i adres tej skrzynki, może wysłać ci tu pliki, nie znając twojego imienia. Etykieta i limity zostają u ciebie.</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Utwórz</translation>
    </message>
</context>
<context>
    <name>DevicesSessionsDialog</name>
    <message>
        <source>Devices &amp; sessions</source>
        <translation>Urządzenia i sesje</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Urządzenia</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Urządzenie</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Dodano</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Ostatnio widziane</translation>
    </message>
    <message>
        <source>Open sessions</source>
        <translation>Otwarte sesje</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesja</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>Otwarta przez</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Rozpoczęta</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Ostatnio używana</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Sieć</translation>
    </message>
    <message>
        <source>Sign out device…</source>
        <translation>Wyloguj urządzenie…</translation>
    </message>
    <message>
        <source>Sign out the selected device</source>
        <translation>Wyloguj wybrane urządzenie</translation>
    </message>
    <message>
        <source>End session…</source>
        <translation>Zakończ sesję…</translation>
    </message>
    <message>
        <source>End the selected session</source>
        <translation>Zakończ wybraną sesję</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>Refresh the lists</source>
        <translation>Odśwież listy</translation>
    </message>
    <message>
        <source>About the selection</source>
        <translation>O zaznaczeniu</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Devices of this account</source>
        <translation>Urządzenia tego konta</translation>
    </message>
    <message>
        <source>Open sessions at the server</source>
        <translation>Otwarte sesje na serwerze</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Pytanie serwera…</translation>
    </message>
    <message>
        <source>1 open session</source>
        <translation>1 otwarta sesja</translation>
    </message>
    <message numerus="yes">
        <source>%n open sessions</source>
        <translation>
            <numerusform>%n otwarta sesja</numerusform>
            <numerusform>%n otwarte sesje</numerusform>
            <numerusform>%n otwartych sesji</numerusform>
        </translation>
    </message>
    <message>
        <source>First device (holds the recovery phrase)</source>
        <translation>Pierwsze urządzenie (ma frazę odzyskiwania)</translation>
    </message>
    <message>
        <source>(this device)</source>
        <translation>(to urządzenie)</translation>
    </message>
    <message>
        <source>when the account was made</source>
        <translation>przy zakładaniu konta</translation>
    </message>
    <message>
        <source>This is the device you are using: Account › Sign out signs it out.</source>
        <translation>To urządzenie, którego używasz: Konto › Wyloguj je wylogowuje.</translation>
    </message>
    <message>
        <source>The first device holds the recovery phrase; recovering the account replaces its key.</source>
        <translation>Pierwsze urządzenie ma frazę odzyskiwania; odzyskanie konta zastępuje jego klucz.</translation>
    </message>
    <message>
        <source>First device</source>
        <translation>Pierwsze urządzenie</translation>
    </message>
    <message>
        <source>Password sign-in</source>
        <translation>Logowanie hasłem</translation>
    </message>
    <message>
        <source>(this session)</source>
        <translation>(ta sesja)</translation>
    </message>
    <message>
        <source>This window uses this session: Account › Sign out ends it.</source>
        <translation>To okno używa tej sesji: Konto › Wyloguj ją kończy.</translation>
    </message>
    <message>
        <source>Sign out “%1”? Its key stops working at once and its open sessions end. It still holds the account&apos;s keys: if it was lost or stolen, also recover the account with the recovery phrase.</source>
        <translation>Wylogować „%1”? Jego klucz natychmiast przestaje działać, a jego otwarte sesje się kończą. Nadal ma ono klucze konta: jeśli zostało zgubione lub skradzione, odzyskaj też konto frazą odzyskiwania.</translation>
    </message>
    <message>
        <source>Sign out a device</source>
        <translation>Wyloguj urządzenie</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <source>Signed out “%1”.</source>
        <translation>Wylogowano „%1”.</translation>
    </message>
    <message>
        <source>End session %1? Its next request is refused; the device that opened it must sign in again.</source>
        <translation>Zakończyć sesję %1? Jej następne żądanie zostanie odrzucone; urządzenie, które ją otworzyło, musi zalogować się ponownie.</translation>
    </message>
    <message>
        <source>End a session</source>
        <translation>Zakończ sesję</translation>
    </message>
    <message>
        <source>End session</source>
        <translation>Zakończ sesję</translation>
    </message>
    <message>
        <source>Ended session %1.</source>
        <translation>Zakończono sesję %1.</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Wylogowywanie…</translation>
    </message>
</context>
<context>
    <name>DriveControl</name>
    <message>
        <source>Privshare Drive</source>
        <translation>Dysk Privshare</translation>
    </message>
    <message>
        <source>Your files are served as a WebDAV drive on this computer until you lock or quit Privshare. Connect your file manager to:</source>
        <translation>Twoje pliki są udostępniane na tym komputerze jako dysk WebDAV, dopóki nie zablokujesz lub nie zamkniesz Privshare. Połącz menedżer plików z:</translation>
    </message>
</context>
<context>
    <name>DropsPanel</name>
    <message>
        <source>Drop inboxes — addresses that do not name you</source>
        <translation>Skrzynki nadawcze — adresy, które cię nie ujawniają</translation>
    </message>
    <message>
        <source>Drop inboxes</source>
        <translation>Skrzynki nadawcze</translation>
    </message>
    <message>
        <source>Create a drop inbox…</source>
        <translation>Utwórz skrzynkę nadawczą…</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Kopiuj adres</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Unieważnij</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>bez terminu ważności</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>wygasła</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>do %1</translation>
    </message>
    <message>
        <source>, at most %1</source>
        <translation>, najwyżej %1</translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation>(bez etykiety)</translation>
    </message>
    <message>
        <source>Privshare</source>
        <translation>Privshare</translation>
    </message>
    <message numerus="yes">
        <source>Revoke “%1”? Deliveries to it are refused from now on, and %n unsaved delivery(ies) in it are deleted.</source>
        <translation>
            <numerusform>Unieważnić „%1”? Przesyłki do niej będą odtąd odrzucane, a %n niezapisana przesyłka w niej zostanie usunięta.</numerusform>
            <numerusform>Unieważnić „%1”? Przesyłki do niej będą odtąd odrzucane, a %n niezapisane przesyłki w niej zostaną usunięte.</numerusform>
            <numerusform>Unieważnić „%1”? Przesyłki do niej będą odtąd odrzucane, a %n niezapisanych przesyłek w niej zostanie usuniętych.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorLine</name>
    <message>
        <source>something went wrong</source>
        <translation>Coś poszło nie tak</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <source>Show error details</source>
        <translation>Pokaż szczegóły błędu</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Szczegóły błędu</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Upload files…</source>
        <translation>Prześlij pliki…</translation>
    </message>
    <message>
        <source>Upload folder…</source>
        <translation>Prześlij folder…</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>Nowy folder</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Pobierz</translation>
    </message>
    <message>
        <source>Download to…</source>
        <translation>Pobierz do…</translation>
    </message>
    <message>
        <source>Share…</source>
        <translation>Udostępnij…</translation>
    </message>
    <message>
        <source>Copy link…</source>
        <translation>Kopiuj link…</translation>
    </message>
    <message>
        <source>Request files…</source>
        <translation>Poproś o pliki…</translation>
    </message>
    <message>
        <source>Send file…</source>
        <translation>Wyślij plik…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Zmień nazwę</translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation>Przenieś do…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Delete permanently…</source>
        <translation>Usuń trwale…</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Wersje</translation>
    </message>
    <message>
        <source>Privshare</source>
        <translation>Privshare</translation>
    </message>
    <message>
        <source>Upload files</source>
        <translation>Prześlij pliki</translation>
    </message>
    <message>
        <source>Upload folder</source>
        <translation>Prześlij folder</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>My files</source>
        <translation>Moje pliki</translation>
    </message>
    <message>
        <source>Delete %1 permanently?

This cannot be undone: deleted items and their versions are gone for you and for everyone they are shared with.</source>
        <translation>Trwale usunąć %1?

Tego nie można cofnąć: usunięte elementy i ich wersje znikną dla ciebie i dla wszystkich, którym je udostępniono.</translation>
    </message>
    <message>
        <source>Download to</source>
        <translation>Pobierz do</translation>
    </message>
    <message>
        <source>Send file</source>
        <translation>Wyślij plik</translation>
    </message>
    <message>
        <source>Send “%1” to (name#host):</source>
        <translation>Wyślij „%1” do (nazwa#host):</translation>
    </message>
    <message>
        <source>Sent “%1” to %2</source>
        <translation>Wysłano „%1” do %2</translation>
    </message>
</context>
<context>
    <name>FileModel</name>
    <message numerus="yes">
        <source>file request, %n dropped</source>
        <translation>
            <numerusform>prośba o pliki, %n przesłany</numerusform>
            <numerusform>prośba o pliki, %n przesłane</numerusform>
            <numerusform>prośba o pliki, %n przesłanych</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2 downloads</source>
        <translation>%1, pobrania: %2</translation>
    </message>
    <message>
        <source>anyone with the link (%1)</source>
        <translation>każdy, kto ma link (%1)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Rozmiar</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Zmodyfikowano</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>Udostępnianie</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>sty</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>lut</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>mar</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>kwi</translation>
    </message>
    <message>
        <source>May</source>
        <translation>maj</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>cze</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>lip</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>sie</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>wrz</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>paź</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>lis</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>gru</translation>
    </message>
    <message>
        <source>Today %1</source>
        <translation>Dziś %1</translation>
    </message>
    <message>
        <source>Yesterday %1</source>
        <translation>Wczoraj %1</translation>
    </message>
    <message>
        <source>Shared with {who} (read)</source>
        <translation>Udostępnione: {who} (odczyt)</translation>
    </message>
    <message>
        <source>Shared with {who} (read &amp; write)</source>
        <translation>Udostępnione: {who} (odczyt i zapis)</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n osoba</numerusform>
            <numerusform>%n osoby</numerusform>
            <numerusform>%n osób</numerusform>
        </translation>
    </message>
    <message>
        <source>Shared (read)</source>
        <translation>Udostępnione (odczyt)</translation>
    </message>
    <message>
        <source>Shared (read &amp; write)</source>
        <translation>Udostępnione (odczyt i zapis)</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Od %1</translation>
    </message>
    <message>
        <source>Can change: %1</source>
        <translation>Może zmieniać: %1</translation>
    </message>
    <message>
        <source>Can view: %1</source>
        <translation>Może wyświetlać: %1</translation>
    </message>
    <message>
        <source>%1, folder</source>
        <translation>%1, folder</translation>
    </message>
    <message>
        <source>%1, file</source>
        <translation>%1, plik</translation>
    </message>
</context>
<context>
    <name>FileView</name>
    <message>
        <source>Files</source>
        <translation>Pliki</translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message>
        <source>Preview</source>
        <translation>Podgląd</translation>
    </message>
    <message>
        <source>Show or hide the preview (Space)</source>
        <translation>Pokaż lub ukryj podgląd (spacja)</translation>
    </message>
    <message>
        <source>Current folder</source>
        <translation>Bieżący folder</translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation>Filtruj po nazwie</translation>
    </message>
</context>
<context>
    <name>FolderPicker</name>
    <message>
        <source>Move to</source>
        <translation>Przenieś do</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Foldery</translation>
    </message>
    <message>
        <source>Move here</source>
        <translation>Przenieś tutaj</translation>
    </message>
</context>
<context>
    <name>InboxNotices</name>
    <message>
        <source>the server does not answer</source>
        <translation>serwer nie odpowiada</translation>
    </message>
    <message>
        <source>Inbox not updated: %1</source>
        <translation>Nie zaktualizowano skrzynki odbiorczej: %1</translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>Incoming shares and files</source>
        <translation>Przychodzące udostępnienia i pliki</translation>
    </message>
    <message>
        <source>Selected item</source>
        <translation>Wybrany element</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Zapisz jako</translation>
    </message>
    <message>
        <source>Name in Shared with me</source>
        <translation>Nazwa w „Udostępnione mi”</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Akceptuj</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Odrzuć</translation>
    </message>
    <message>
        <source>Folder in My files</source>
        <translation>Folder w „Moich plikach”</translation>
    </message>
    <message>
        <source>Save to My files</source>
        <translation>Zapisz w „Moich plikach”</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Zapisz jako…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>via drop inbox “%1”</source>
        <translation>przez skrzynkę nadawczą „%1”</translation>
    </message>
    <message>
        <source>Rejected — claims to be from %1 (not verified)</source>
        <translation>Odrzucone — podaje się za %1 (niezweryfikowane)</translation>
    </message>
    <message>
        <source>%1 — from %2</source>
        <translation>%1 — od %2</translation>
    </message>
    <message>
        <source>files</source>
        <translation>pliki</translation>
    </message>
    <message>
        <source>can change</source>
        <translation>może zmieniać</translation>
    </message>
    <message>
        <source>can view</source>
        <translation>może wyświetlać</translation>
    </message>
    <message>
        <source>Nothing here yet. Shares and files sent to you arrive here.</source>
        <translation>Na razie nic tu nie ma. Tutaj trafiają udostępnienia i pliki wysłane do ciebie.</translation>
    </message>
    <message>
        <source>This message failed a check and is not opened: its sender could not be verified or its content was changed. You can only delete it.</source>
        <translation>Ta wiadomość nie przeszła weryfikacji i nie zostanie otwarta: nie udało się zweryfikować nadawcy albo zmieniono jej treść. Możesz ją tylko usunąć.</translation>
    </message>
    <message>
        <source>Sender %1: key verified in their server&apos;s key log.</source>
        <translation>Nadawca %1: klucz zweryfikowany w dzienniku kluczy jego serwera.</translation>
    </message>
    <message>
        <source>Choose a name without “/”.</source>
        <translation>Wybierz nazwę bez „/”.</translation>
    </message>
    <message>
        <source>Choose a folder of My files, such as /Documents.</source>
        <translation>Wybierz folder z „Moich plików”, na przykład /Documents.</translation>
    </message>
    <message>
        <source>Save the files in</source>
        <translation>Zapisz pliki w</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwórz</translation>
    </message>
    <message>
        <source>Open a private copy; the files stay in the inbox</source>
        <translation>Otwórz prywatną kopię; pliki zostają w skrzynce odbiorczej</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Never</source>
        <translation>Nigdy</translation>
    </message>
    <message>
        <source>In 1 hour</source>
        <translation>Za 1 godzinę</translation>
    </message>
    <message>
        <source>In 1 day</source>
        <translation>Za 1 dzień</translation>
    </message>
    <message>
        <source>In 7 days</source>
        <translation>Za 7 dni</translation>
    </message>
    <message>
        <source>In 30 days</source>
        <translation>Za 30 dni</translation>
    </message>
    <message>
        <source>Copy link to %1</source>
        <translation>Kopiuj link do %1</translation>
    </message>
    <message>
        <source>Protect with a password</source>
        <translation>Chroń hasłem</translation>
    </message>
    <message>
        <source>Link password</source>
        <translation>Hasło linku</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Wygasa</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Bez limitu</translation>
    </message>
    <message>
        <source>Download limit</source>
        <translation>Limit pobrań</translation>
    </message>
    <message>
        <source>Create link</source>
        <translation>Utwórz link</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>The link appears here, and is copied</source>
        <translation>Link pojawi się tutaj i zostanie skopiowany</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <source>Links to this item</source>
        <translation>Linki do tego elementu</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Unieważnij</translation>
    </message>
    <message>
        <source>Revoke the selected link</source>
        <translation>Unieważnij wybrany link</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Pobrania</translation>
    </message>
    <message>
        <source>Type a password, or untick the password box.</source>
        <translation>Wpisz hasło albo odznacz pole hasła.</translation>
    </message>
    <message>
        <source>Encrypting a copy for the link…</source>
        <translation>Szyfrowanie kopii dla linku…</translation>
    </message>
    <message>
        <source>Copied. Anyone with this link can open it in a browser.</source>
        <translation>Skopiowano. Każdy, kto ma ten link, może go otworzyć w przeglądarce.</translation>
    </message>
    <message>
        <source>Copied. Anyone with this link and the password can open it in a browser: send the password another way.</source>
        <translation>Skopiowano. Każdy, kto ma ten link i hasło, może go otworzyć w przeglądarce: hasło wyślij inną drogą.</translation>
    </message>
    <message>
        <source>%1: %2 of %3 downloads</source>
        <translation>%1: pobrania %2 z %3</translation>
    </message>
    <message>
        <source>%1: %2 downloads</source>
        <translation>%1: pobrania: %2</translation>
    </message>
    <message>
        <source>%1, password</source>
        <translation>%1, hasło</translation>
    </message>
</context>
<context>
    <name>Links</name>
    <message>
        <source>live</source>
        <translation>aktywny</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>wygasły</translation>
    </message>
    <message>
        <source>used-up</source>
        <translation>wyczerpany</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>unieważniony</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>oczekujący</translation>
    </message>
    <message>
        <source>Not a Privshare link</source>
        <translation>To nie jest link Privshare</translation>
    </message>
    <message>
        <source>This link cannot be opened: %1.</source>
        <translation>Nie można otworzyć tego linku: %1.</translation>
    </message>
    <message>
        <source>Privshare link</source>
        <translation>Link Privshare</translation>
    </message>
    <message>
        <source>This link points at %1. Links open shared items once sharing comes.</source>
        <translation>Ten link wskazuje na %1. Linki otworzą udostępnione elementy, gdy pojawi się udostępnianie.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Privshare is locked</source>
        <translation>Privshare jest zablokowany</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Odblokuj</translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation>Ustawienia połączenia…</translation>
    </message>
    <message>
        <source>Connection settings</source>
        <translation>Ustawienia połączenia</translation>
    </message>
    <message>
        <source>Forgot password? Use your 24 words</source>
        <translation>Nie pamiętasz hasła? Użyj swoich 24 słów</translation>
    </message>
    <message>
        <source>Recover with your 24 words</source>
        <translation>Odzyskaj za pomocą 24 słów</translation>
    </message>
    <message>
        <source>Use another account…</source>
        <translation>Użyj innego konta…</translation>
    </message>
    <message>
        <source>Use another account</source>
        <translation>Użyj innego konta</translation>
    </message>
    <message>
        <source>How to use another account</source>
        <translation>Jak użyć innego konta</translation>
    </message>
    <message>
        <source>Each account lives in its own profile folder. To sign in to, create or recover another one (this one stays as it is), start Privshare on a new folder: {command}</source>
        <translation>Każde konto ma własny folder profilu. Aby zalogować się na inne konto, utworzyć je lub odzyskać (to konto pozostanie bez zmian), uruchom Privshare z nowym folderem: {command}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sections</source>
        <translation>Sekcje</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Zapisano: %1</translation>
    </message>
    <message>
        <source>Privshare is still running</source>
        <translation>Privshare nadal działa</translation>
    </message>
    <message>
        <source>Open it from the tray icon; Quit there ends it.</source>
        <translation>Otwórz go z ikony w zasobniku; „Zakończ” tam go zamyka.</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <source>1 new item</source>
        <translation>1 nowy element</translation>
    </message>
    <message numerus="yes">
        <source>%n new items</source>
        <translation>
            <numerusform>%n nowy element</numerusform>
            <numerusform>%n nowe elementy</numerusform>
            <numerusform>%n nowych elementów</numerusform>
        </translation>
    </message>
    <message>
        <source>Files from %1</source>
        <translation>Pliki od %1</translation>
    </message>
    <message>
        <source>“%1” (%2) is waiting in your Inbox.</source>
        <translation>„%1” (%2) czeka w twojej skrzynce odbiorczej.</translation>
    </message>
    <message>
        <source>New share from %1</source>
        <translation>Nowe udostępnienie od %1</translation>
    </message>
    <message>
        <source>“%1” is waiting in your Inbox.</source>
        <translation>„%1” czeka w twojej skrzynce odbiorczej.</translation>
    </message>
    <message>
        <source>(drop inbox “%1”)</source>
        <translation>(skrzynka nadawcza „%1”)</translation>
    </message>
    <message>
        <source>Transfer failed</source>
        <translation>Transfer nie powiódł się</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>„%1”: %2</translation>
    </message>
    <message>
        <source>Upload finished</source>
        <translation>Przesyłanie zakończone</translation>
    </message>
    <message>
        <source>Download finished</source>
        <translation>Pobieranie zakończone</translation>
    </message>
    <message>
        <source>“%1” is done.</source>
        <translation>„%1” – gotowe.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Open Privshare</source>
        <translation>Otwórz Privshare</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Zablokuj teraz</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message numerus="yes">
        <source>%n transfers running</source>
        <translation>
            <numerusform>%n transfer w toku</numerusform>
            <numerusform>%n transfery w toku</numerusform>
            <numerusform>%n transferów w toku</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new in the Inbox</source>
        <translation>
            <numerusform>%n nowy w skrzynce odbiorczej</numerusform>
            <numerusform>%n nowe w skrzynce odbiorczej</numerusform>
            <numerusform>%n nowych w skrzynce odbiorczej</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Connection state</source>
        <translation>Stan połączenia</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Ponów teraz</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Ustawienia…</translation>
    </message>
    <message>
        <source>Connection settings</source>
        <translation>Ustawienia połączenia</translation>
    </message>
    <message>
        <source>Use the previous settings</source>
        <translation>Użyj poprzednich ustawień</translation>
    </message>
    <message>
        <source>your server</source>
        <translation>twój serwer</translation>
    </message>
    <message>
        <source>Offline: %1 does not answer. Privshare keeps trying.</source>
        <translation>Offline: %1 nie odpowiada. Privshare próbuje dalej.</translation>
    </message>
</context>
<context>
    <name>Organise</name>
    <message>
        <source>Undo</source>
        <translation>Cofnij</translation>
    </message>
    <message numerus="yes">
        <source>%n items in the trash</source>
        <translation>
            <numerusform>%n element w koszu</numerusform>
            <numerusform>%n elementy w koszu</numerusform>
            <numerusform>%n elementów w koszu</numerusform>
        </translation>
    </message>
    <message>
        <source>1 item in the trash</source>
        <translation>1 element w koszu</translation>
    </message>
    <message>
        <source>Restored to %1</source>
        <translation>Przywrócono do %1</translation>
    </message>
    <message>
        <source>Moving {done} of {total} to Trash…</source>
        <translation>Przenoszenie {done} z {total} do kosza…</translation>
    </message>
</context>
<context>
    <name>Phrase</name>
    <message>
        <source>Recovery phrase</source>
        <translation>Fraza odzyskiwania</translation>
    </message>
    <message>
        <source>Word %1</source>
        <translation>Słowo %1</translation>
    </message>
    <message>
        <source>Word #%1</source>
        <translation>Słowo nr %1</translation>
    </message>
    <message>
        <source>Word #%1 is not right: check your paper copy.</source>
        <translation>Słowo nr %1 jest nieprawidłowe: sprawdź swoją kopię na papierze.</translation>
    </message>
    <message>
        <source>Recovery phrase entry</source>
        <translation>Wpisywanie frazy odzyskiwania</translation>
    </message>
    <message>
        <source>Phrase check</source>
        <translation>Sprawdzenie frazy</translation>
    </message>
    <message>
        <source>Word %1 “%2” is not in the word list.</source>
        <translation>Słowa %1 „%2” nie ma na liście słów.</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview</source>
        <translation>Podgląd</translation>
    </message>
    <message>
        <source>Preview picture</source>
        <translation>Obraz podglądu</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Nazwa pliku</translation>
    </message>
    <message>
        <source>File details</source>
        <translation>Szczegóły pliku</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwórz</translation>
    </message>
    <message>
        <source>Open the file</source>
        <translation>Otwórz plik</translation>
    </message>
    <message>
        <source>Select a file to preview it</source>
        <translation>Wybierz plik, aby zobaczyć podgląd</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation>Wczytywanie podglądu…</translation>
    </message>
    <message>
        <source>Size: %1</source>
        <translation>Rozmiar: %1</translation>
    </message>
    <message>
        <source>Modified: %1</source>
        <translation>Zmodyfikowano: %1</translation>
    </message>
    <message>
        <source>Versions: %1</source>
        <translation>Wersje: %1</translation>
    </message>
    <message>
        <source>Preview of %1</source>
        <translation>Podgląd %1</translation>
    </message>
    <message>
        <source>No preview</source>
        <translation>Brak podglądu</translation>
    </message>
    <message>
        <source>The PDF is damaged or locked</source>
        <translation>Plik PDF jest uszkodzony lub zablokowany</translation>
    </message>
    <message>
        <source>Not an image this app can read</source>
        <translation>To nie jest obraz, który ta aplikacja potrafi odczytać</translation>
    </message>
    <message>
        <source>Too large to preview</source>
        <translation>Za duży na podgląd</translation>
    </message>
    <message>
        <source>The image is damaged</source>
        <translation>Obraz jest uszkodzony</translation>
    </message>
</context>
<context>
    <name>RecoveryDrillDialog</name>
    <message>
        <source>Check my phrase or shares</source>
        <translation>Sprawdź moją frazę lub udziały</translation>
    </message>
    <message>
        <source>Phrase or shares</source>
        <translation>Fraza lub udziały</translation>
    </message>
    <message>
        <source>Your 24 words, or your shares (one per line)</source>
        <translation>Twoje 24 słowa lub twoje udziały (jeden w wierszu)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Sprawdź</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>This only checks: nothing is changed or sent anywhere.</source>
        <translation>To tylko sprawdzenie: nic nie zostanie zmienione ani nigdzie wysłane.</translation>
    </message>
    <message>
        <source>They restore this account. Nothing was changed.</source>
        <translation>Przywracają to konto. Niczego nie zmieniono.</translation>
    </message>
    <message>
        <source>This is a valid phrase, but of another account.</source>
        <translation>To prawidłowa fraza, ale innego konta.</translation>
    </message>
</context>
<context>
    <name>RecoveryKit</name>
    <message>
        <source>Privshare recovery share %1 of %2</source>
        <translation>Udział odzyskiwania Privshare %1 z %2</translation>
    </message>
    <message>
        <source>Any %1 of the %2 shares restore the account (privshare recover ADDRESS --from-shares FILE, or any SLIP-39 tool).</source>
        <translation>Dowolne %1 z %2 udziałów przywracają konto (privshare recover ADRES --from-shares PLIK lub dowolne narzędzie SLIP-39).</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
</context>
<context>
    <name>RecoverySheet</name>
    <message>
        <source>Privshare recovery sheet</source>
        <translation>Arkusz odzyskiwania Privshare</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>Konto:</translation>
    </message>
    <message>
        <source>Made:</source>
        <translation>Utworzono:</translation>
    </message>
    <message>
        <source>Anyone with these words can open every file of this account. Keep this sheet somewhere safe and offline; do not photograph it or store it in the cloud. Delete the file after printing.</source>
        <translation>Każdy, kto zna te słowa, może otworzyć każdy plik tego konta. Przechowuj ten arkusz w bezpiecznym miejscu, offline; nie fotografuj go i nie zapisuj w chmurze. Po wydrukowaniu usuń plik.</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <source>Request files for %1</source>
        <translation>Poproś o pliki do %1</translation>
    </message>
    <message>
        <source>What the page asks for</source>
        <translation>O co prosi strona</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Wygasa</translation>
    </message>
    <message>
        <source>Create request</source>
        <translation>Utwórz prośbę</translation>
    </message>
    <message>
        <source>Request link</source>
        <translation>Link prośby</translation>
    </message>
    <message>
        <source>Requests for this folder</source>
        <translation>Prośby dla tego folderu</translation>
    </message>
    <message>
        <source>Save received files…</source>
        <translation>Zapisz otrzymane pliki…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Unieważnij</translation>
    </message>
    <message>
        <source>Asking for</source>
        <translation>Prośba o</translation>
    </message>
    <message>
        <source>Copied. Anyone with this link can send files; only you can open them. Save them below when they have arrived.</source>
        <translation>Skopiowano. Każdy, kto ma ten link, może wysyłać pliki; tylko ty możesz je otworzyć. Zapisz je poniżej, gdy dotrą.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n file(s) received</source>
        <translation>
            <numerusform>%1: otrzymano %n plik</numerusform>
            <numerusform>%1: otrzymano %n pliki</numerusform>
            <numerusform>%1: otrzymano %n plików</numerusform>
        </translation>
    </message>
    <message>
        <source>Save received files in</source>
        <translation>Zapisz otrzymane pliki w</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n file(s).</source>
        <translation>
            <numerusform>Zapisano %n plik.</numerusform>
            <numerusform>Zapisano %n pliki.</numerusform>
            <numerusform>Zapisano %n plików.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upload(s) did not verify and were not saved (they stay on the server).</source>
        <translation>
            <numerusform>%n przesłany plik nie przeszedł weryfikacji i nie został zapisany (zostaje na serwerze).</numerusform>
            <numerusform>%n przesłane pliki nie przeszły weryfikacji i nie zostały zapisane (zostają na serwerze).</numerusform>
            <numerusform>%n przesłanych plików nie przeszło weryfikacji i nie zostało zapisanych (zostają na serwerze).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Search all my files</source>
        <translation>Szukaj we wszystkich moich plikach</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <source>Any kind</source>
        <translation>Dowolny rodzaj</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Foldery</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumenty</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Obrazy</translation>
    </message>
    <message>
        <source>Audio and video</source>
        <translation>Audio i wideo</translation>
    </message>
    <message>
        <source>Archives</source>
        <translation>Archiwa</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Zmodyfikowano</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Kiedykolwiek</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Dziś</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Ostatnie 7 dni</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Ostatnie 30 dni</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Ostatni rok</translation>
    </message>
    <message>
        <source>Update index</source>
        <translation>Aktualizuj indeks</translation>
    </message>
    <message>
        <source>Update the search index</source>
        <translation>Aktualizuj indeks wyszukiwania</translation>
    </message>
    <message>
        <source>Read every folder again, to find what other devices changed</source>
        <translation>Wczytaj ponownie każdy folder, aby znaleźć zmiany z innych urządzeń</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Wyniki wyszukiwania</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Rozmiar</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Stan wyszukiwania</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Wyszukiwanie…</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Nic nie znaleziono.</translation>
    </message>
    <message numerus="yes">
        <source>The first %n results.</source>
        <translation>
            <numerusform>Pierwszy %n wynik.</numerusform>
            <numerusform>Pierwsze %n wyniki.</numerusform>
            <numerusform>Pierwszych %n wyników.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n results</source>
        <translation>
            <numerusform>%n wynik</numerusform>
            <numerusform>%n wyniki</numerusform>
            <numerusform>%n wyników</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n items indexed.</source>
        <translation>
            <numerusform>Zindeksowano %n element.</numerusform>
            <numerusform>Zindeksowano %n elementy.</numerusform>
            <numerusform>Zindeksowano %n elementów.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 wynik</translation>
    </message>
    <message>
        <source>Reading every folder…</source>
        <translation>Wczytywanie wszystkich folderów…</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>My files</source>
        <translation>Moje pliki</translation>
    </message>
    <message>
        <source>Shared with me</source>
        <translation>Udostępnione mi</translation>
    </message>
    <message>
        <source>Shared by me</source>
        <translation>Udostępnione przeze mnie</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Odebrane</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Transfery</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Szukaj</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>Kosz</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Ten komputer</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serwer</translation>
    </message>
    <message>
        <source>Use the system settings</source>
        <translation>Użyj ustawień systemu</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Bez proxy</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>Proxy HTTP</translation>
    </message>
    <message>
        <source>SOCKS5 proxy</source>
        <translation>Proxy SOCKS5</translation>
    </message>
    <message>
        <source>kept only while Privshare runs</source>
        <translation>przechowywane tylko, gdy Privshare działa</translation>
    </message>
    <message>
        <source>Directly, or through my server when that fails</source>
        <translation>Bezpośrednio, a gdy się nie uda, przez mój serwer</translation>
    </message>
    <message>
        <source>Directly only</source>
        <translation>Tylko bezpośrednio</translation>
    </message>
    <message>
        <source>Always through my server</source>
        <translation>Zawsze przez mój serwer</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dni</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <source>Choose the download folder</source>
        <translation>Wybierz folder pobierania</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Zapamiętaj mnie na tym komputerze</translation>
    </message>
    <message>
        <source>Show desktop notifications</source>
        <translation>Pokazuj powiadomienia na pulpicie</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Systemowy</translation>
    </message>
    <message>
        <source>Applies the next time Privshare starts.</source>
        <translation>Zmiana zadziała przy następnym uruchomieniu Privshare.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>Host proxy</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Port proxy</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Nazwa użytkownika proxy</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Hasło proxy</translation>
    </message>
    <message>
        <source>Reach other people&apos;s servers</source>
        <translation>Łączenie z serwerami innych osób</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>Blokuj po minutach bezczynności</translation>
    </message>
    <message>
        <source>Keep deleted items in the trash for</source>
        <translation>Przechowuj usunięte elementy w koszu przez</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>Folder pobierania</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <source>Proxy user</source>
        <translation>Użytkownik proxy</translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation>Inne serwery</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Blokuj po</translation>
    </message>
    <message>
        <source>Keep deleted items</source>
        <translation>Przechowuj usunięte</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Pobrane</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share %1</source>
        <translation>Udostępnij %1</translation>
    </message>
    <message>
        <source>name (on your server) or name#server</source>
        <translation>nazwa (na twoim serwerze) lub nazwa#serwer</translation>
    </message>
    <message>
        <source>Recipient address</source>
        <translation>Adres odbiorcy</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Sprawdź</translation>
    </message>
    <message>
        <source>Check the recipient&apos;s key</source>
        <translation>Sprawdź klucz odbiorcy</translation>
    </message>
    <message>
        <source>Can view</source>
        <translation>Może wyświetlać</translation>
    </message>
    <message>
        <source>Can view and change</source>
        <translation>Może wyświetlać i zmieniać</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Dostęp</translation>
    </message>
    <message>
        <source>Key status</source>
        <translation>Stan klucza</translation>
    </message>
    <message>
        <source>Recipient check words</source>
        <translation>Słowa kontrolne odbiorcy</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Ostrzeżenie</translation>
    </message>
    <message>
        <source>I compared the check words</source>
        <translation>Porównałem(-am) słowa kontrolne</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Udostępnij</translation>
    </message>
    <message>
        <source>People with access</source>
        <translation>Osoby z dostępem</translation>
    </message>
    <message>
        <source>Remove access</source>
        <translation>Odbierz dostęp</translation>
    </message>
    <message>
        <source>Remove access of the selected person</source>
        <translation>Odbierz dostęp wybranej osobie</translation>
    </message>
    <message>
        <source>Share with</source>
        <translation>Udostępnij dla</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Klucz</translation>
    </message>
    <message>
        <source>Check words</source>
        <translation>Słowa kontrolne</translation>
    </message>
    <message>
        <source>Looking up…</source>
        <translation>Wyszukiwanie…</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Zweryfikowany</translation>
    </message>
    <message>
        <source>First contact: compare the check words with %1</source>
        <translation>Pierwszy kontakt: porównaj słowa kontrolne z %1</translation>
    </message>
    <message>
        <source>KEY CHANGED</source>
        <translation>KLUCZ ZMIENIONY</translation>
    </message>
    <message>
        <source>I compared these words with %1 (in person or by phone)</source>
        <translation>Porównałem(-am) te słowa z %1 (osobiście lub przez telefon)</translation>
    </message>
    <message>
        <source>The key of %1 is not the one seen before. Someone may be impersonating this person or their server. Nothing will be shared until you have checked with them by another way (phone, in person).</source>
        <translation>Klucz %1 nie jest tym, który był widziany wcześniej. Ktoś może podszywać się pod tę osobę lub jej serwer. Nic nie zostanie udostępnione, dopóki nie sprawdzisz tego z nią inną drogą (telefon, osobiście).</translation>
    </message>
    <message>
        <source>can change</source>
        <translation>może zmieniać</translation>
    </message>
    <message>
        <source>can view</source>
        <translation>może wyświetlać</translation>
    </message>
    <message>
        <source>Nobody called %1 was found on that server: check the address.</source>
        <translation>Na tym serwerze nie znaleziono nikogo o nazwie %1: sprawdź adres.</translation>
    </message>
    <message>
        <source>The server %1 cannot be reached: check the address, or try later.</source>
        <translation>Serwer %1 jest nieosiągalny: sprawdź adres lub spróbuj później.</translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <source>Recover from shares</source>
        <translation>Odzyskaj z udziałów</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Udziały</translation>
    </message>
    <message>
        <source>One share per line</source>
        <translation>Jeden udział w wierszu</translation>
    </message>
    <message>
        <source>Type or paste enough of your shares, one per line, in any order.</source>
        <translation>Wpisz lub wklej wystarczająco wiele swoich udziałów, jeden w wierszu, w dowolnej kolejności.</translation>
    </message>
</context>
<context>
    <name>Shield</name>
    <message>
        <source>Verified</source>
        <translation>Zweryfikowano</translation>
    </message>
    <message>
        <source>Needs your attention</source>
        <translation>Wymaga twojej uwagi</translation>
    </message>
    <message>
        <source>Tampering detected</source>
        <translation>Wykryto manipulację</translation>
    </message>
</context>
<context>
    <name>ShowPhraseDialog</name>
    <message>
        <source>Recovery phrase</source>
        <translation>Fraza odzyskiwania</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>Type your password to see your 24 words.</source>
        <translation>Wpisz hasło, aby zobaczyć swoje 24 słowa.</translation>
    </message>
</context>
<context>
    <name>SplitPhraseDialog</name>
    <message>
        <source>Split my phrase</source>
        <translation>Podziel moją frazę</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Udziały</translation>
    </message>
    <message>
        <source>Needed to restore</source>
        <translation>Potrzebne do odzyskania</translation>
    </message>
    <message>
        <source>Share sheets</source>
        <translation>Arkusze udziałów</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Podziel</translation>
    </message>
    <message>
        <source>Save sheets…</source>
        <translation>Zapisz arkusze…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drukuj…</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>Shares to make</source>
        <translation>Liczba udziałów do utworzenia</translation>
    </message>
    <message>
        <source>Shares needed to restore</source>
        <translation>Udziały potrzebne do odzyskania</translation>
    </message>
    <message>
        <source>Your 24 words become several shares: any few of them restore the account, fewer tell nothing. Keep each share in a different place.</source>
        <translation>Twoje 24 słowa stają się kilkoma udziałami: kilka z nich przywraca konto, mniej nie zdradza niczego. Przechowuj każdy udział w innym miejscu.</translation>
    </message>
    <message>
        <source>Save share sheets</source>
        <translation>Zapisz arkusze udziałów</translation>
    </message>
</context>
<context>
    <name>StatusShield</name>
    <message>
        <source>Security status</source>
        <translation>Stan bezpieczeństwa</translation>
    </message>
    <message>
        <source>A message claiming to be from {sender} failed its check.</source>
        <translation>Wiadomość rzekomo od {sender} nie przeszła weryfikacji.</translation>
    </message>
    <message>
        <source>{sender} is not verified yet.</source>
        <translation>{sender} nie jest jeszcze zweryfikowany.</translation>
    </message>
    <message>
        <source>Every key and signature checked so far verified.</source>
        <translation>Każdy dotąd sprawdzony klucz i podpis został zweryfikowany.</translation>
    </message>
</context>
<context>
    <name>Transfers</name>
    <message>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Postęp</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Prędkość</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Pozostały czas</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 godz. %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Niepowodzenie: %1</translation>
    </message>
    <message>
        <source>Interrupted: %1</source>
        <translation>Przerwano: %1</translation>
    </message>
    <message>
        <source> (Resume goes on where it stopped)</source>
        <translation> (Wznów kontynuuje tam, gdzie przerwano)</translation>
    </message>
    <message>
        <source>Paused (Resume goes on where it stopped)</source>
        <translation>Wstrzymano (Wznów kontynuuje od miejsca zatrzymania)</translation>
    </message>
    <message>
        <source>Paused (Resume downloads it again from the start)</source>
        <translation>Wstrzymano (Wznów pobiera plik ponownie od początku)</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Przesyłanie</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Pobieranie</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Gotowe</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Anulowano</translation>
    </message>
    <message>
        <source>Upload to %1</source>
        <translation>Przesyłanie do %1</translation>
    </message>
    <message>
        <source>Download to %1</source>
        <translation>Pobieranie do %1</translation>
    </message>
    <message>
        <source>Privshare closed before it was done</source>
        <translation>Privshare zamknięto przed zakończeniem</translation>
    </message>
    <message>
        <source>the operation ended before this file was done</source>
        <translation>operacja zakończyła się, zanim ten plik był gotowy</translation>
    </message>
    <message>
        <source>the server does not answer; it goes again when the server is back</source>
        <translation>serwer nie odpowiada; transfer ruszy ponownie, gdy serwer wróci</translation>
    </message>
</context>
<context>
    <name>TransfersPanel</name>
    <message>
        <source>Transfers</source>
        <translation>Transfery</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Ponów</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Pokaż w folderze</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Wyczyść zakończone</translation>
    </message>
    <message>
        <source>Cancel the selected transfers</source>
        <translation>Anuluj wybrane transfery</translation>
    </message>
    <message>
        <source>Pause the selected transfers</source>
        <translation>Wstrzymaj wybrane transfery</translation>
    </message>
    <message>
        <source>Retry the selected transfers</source>
        <translation>Ponów wybrane transfery</translation>
    </message>
    <message>
        <source>Remove the selected transfers from the list</source>
        <translation>Usuń wybrane transfery z listy</translation>
    </message>
    <message>
        <source>Show the downloaded file in its folder</source>
        <translation>Pokaż pobrany plik w jego folderze</translation>
    </message>
    <message>
        <source>Clear finished transfers</source>
        <translation>Wyczyść zakończone transfery</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
</context>
<context>
    <name>TrashPage</name>
    <message>
        <source>Trash</source>
        <translation>Kosz</translation>
    </message>
    <message>
        <source>Items in the trash</source>
        <translation>Elementy w koszu</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nazwa</translation>
    </message>
    <message>
        <source>Original folder</source>
        <translation>Pierwotny folder</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Usunięto</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Rozmiar</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>Kosz jest pusty.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Przywróć</translation>
    </message>
    <message>
        <source>Restore the selected items</source>
        <translation>Przywróć wybrane elementy</translation>
    </message>
    <message>
        <source>Empty trash…</source>
        <translation>Opróżnij kosz…</translation>
    </message>
    <message>
        <source>Empty trash</source>
        <translation>Opróżnij kosz</translation>
    </message>
    <message>
        <source>How long deleted items are kept</source>
        <translation>Jak długo przechowywane są usunięte elementy</translation>
    </message>
    <message numerus="yes">
        <source>Items are deleted for good after %n days (Settings).</source>
        <translation>
            <numerusform>Elementy są trwale usuwane po %n dniu (Ustawienia).</numerusform>
            <numerusform>Elementy są trwale usuwane po %n dniach (Ustawienia).</numerusform>
            <numerusform>Elementy są trwale usuwane po %n dniach (Ustawienia).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the %n items in the trash for good?

This cannot be undone: they and their versions are gone.</source>
        <translation>
            <numerusform>Trwale usunąć %n element z kosza?

Tego nie można cofnąć: element i jego wersje znikną.</numerusform>
            <numerusform>Trwale usunąć %n elementy z kosza?

Tego nie można cofnąć: elementy i ich wersje znikną.</numerusform>
            <numerusform>Trwale usunąć %n elementów z kosza?

Tego nie można cofnąć: elementy i ich wersje znikną.</numerusform>
        </translation>
    </message>
    <message>
        <source>Something named “%1” is in %2 again.

Restore the deleted one beside it under a new name, or leave it in the trash?</source>
        <translation>W %2 znowu jest coś o nazwie „%1”.

Przywrócić usunięty element obok pod nową nazwą, czy zostawić go w koszu?</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>Zachowaj oba</translation>
    </message>
    <message>
        <source>Leave in trash</source>
        <translation>Zostaw w koszu</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>This desktop has no system tray: new shares are announced here and in the Inbox.</source>
        <translation>Ten pulpit nie ma zasobnika systemowego: nowe udostępnienia są ogłaszane tutaj i w skrzynce odbiorczej.</translation>
    </message>
</context>
<context>
    <name>UndoHistory</name>
    <message>
        <source>Moved %1 to Trash</source>
        <translation>Przeniesiono %1 do kosza</translation>
    </message>
    <message>
        <source>Renamed “%1” to “%2”</source>
        <translation>Zmieniono nazwę „%1” na „%2”</translation>
    </message>
    <message>
        <source>Moved %1 to %2</source>
        <translation>Przeniesiono %1 do %2</translation>
    </message>
    <message>
        <source>Restored %1</source>
        <translation>Przywrócono %1</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Cofnięto: %1</translation>
    </message>
    <message>
        <source>Putting back {done} of {total}…</source>
        <translation>Przywracanie {done} z {total}…</translation>
    </message>
    <message>
        <source>the server cannot be reached</source>
        <translation>serwer jest nieosiągalny</translation>
    </message>
    <message>
        <source>Put back {back}; not {left}: {reason}. Undo again to put back the rest.</source>
        <translation>Przywrócono {back}; nie przywrócono {left}: {reason}. Cofnij ponownie, aby przywrócić resztę.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nic</translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message>
        <source>Last action</source>
        <translation>Ostatnia czynność</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Cofnij</translation>
    </message>
    <message>
        <source>Undo the last action</source>
        <translation>Cofnij ostatnią czynność</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>Cofnij (Ctrl+Z)</translation>
    </message>
</context>
<context>
    <name>UsageLabel</name>
    <message>
        <source>Storage used</source>
        <translation>Zajęte miejsce</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>Zajęto %1 z %2</translation>
    </message>
    <message>
        <source>%1 of %2 bytes (%3%), encrypted: every kept version and the trash</source>
        <translation>%1 z %2 bajtów (%3%), zaszyfrowane: każda przechowywana wersja i kosz</translation>
    </message>
</context>
<context>
    <name>VersionsDialog</name>
    <message>
        <source>Versions of %1</source>
        <translation>Wersje %1</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Wersje</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Przywróć tę wersję</translation>
    </message>
    <message>
        <source>Restore the selected version</source>
        <translation>Przywróć wybraną wersję</translation>
    </message>
    <message>
        <source>Restoring keeps every version: it adds the old content as new.</source>
        <translation>Przywracanie zachowuje każdą wersję: dawna zawartość zostaje dodana jako nowa.</translation>
    </message>
    <message>
        <source>(current)</source>
        <translation>(bieżąca)</translation>
    </message>
    <message>
        <source>Version %1 — %2, %3</source>
        <translation>Wersja %1 — %2, %3</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>All transfers</source>
        <translation>Wszystkie transfery</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Powiadomienie</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>&amp;Pliki</translation>
    </message>
    <message>
        <source>Go up</source>
        <translation>W górę</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Znajdź…</translation>
    </message>
    <message>
        <source>Open as drive</source>
        <translation>Otwórz jako dysk</translation>
    </message>
    <message>
        <source>Activity…</source>
        <translation>Aktywność…</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <source>Show recovery phrase…</source>
        <translation>Pokaż frazę odzyskiwania…</translation>
    </message>
    <message>
        <source>Split my phrase…</source>
        <translation>Podziel moją frazę…</translation>
    </message>
    <message>
        <source>Check my phrase or shares…</source>
        <translation>Sprawdź moją frazę lub udziały…</translation>
    </message>
    <message>
        <source>Add a device…</source>
        <translation>Dodaj urządzenie…</translation>
    </message>
    <message>
        <source>Devices &amp; sessions…</source>
        <translation>Urządzenia i sesje…</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Zmień hasło…</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Zablokuj teraz</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>About Privshare</source>
        <translation>O Privshare</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edycja</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Ustawienia…</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Odebrane</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 element</translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%n element</numerusform>
            <numerusform>%n elementy</numerusform>
            <numerusform>%n elementów</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved “%1” in %2</source>
        <translation>Zapisano „%1” w %2</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Pokaż w folderze</translation>
    </message>
    <message>
        <source>Privshare %1
Account: %2
Server: %3
Your check words: %4
%5</source>
        <translation>Privshare %1
Konto: %2
Serwer: %3
Twoje słowa kontrolne: %4
%5</translation>
    </message>
</context>
<context>
    <name>Wizard</name>
    <message>
        <source>Welcome to Privshare</source>
        <translation>Witaj w Privshare</translation>
    </message>
    <message>
        <source>Your files are encrypted on this computer before they leave it.</source>
        <translation>Twoje pliki są szyfrowane na tym komputerze, zanim go opuszczą.</translation>
    </message>
    <message>
        <source>Where are your files kept?</source>
        <translation>Gdzie są przechowywane twoje pliki?</translation>
    </message>
    <message>
        <source>The address of a Privshare server (ask whoever runs it), or this computer to try Privshare out.</source>
        <translation>Adres serwera Privshare (zapytaj jego administratora) albo ten komputer, aby wypróbować Privshare.</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Utwórz konto</translation>
    </message>
    <message>
        <source>Pick a user name and a password you will remember.</source>
        <translation>Wybierz nazwę użytkownika i hasło, które zapamiętasz.</translation>
    </message>
    <message>
        <source>Your recovery phrase</source>
        <translation>Twoja fraza odzyskiwania</translation>
    </message>
    <message>
        <source>Write these 24 words on paper, in order, and keep them safe (Account › Show recovery phrase… shows them again, after your password). With them you get your account and the files on its server back if this computer is lost; without them, nobody can.</source>
        <translation>Zapisz te 24 słowa na papierze, po kolei, i przechowuj je w bezpiecznym miejscu (Konto › Pokaż frazę odzyskiwania… pokaże je ponownie po podaniu hasła). Dzięki nim odzyskasz konto i pliki na jego serwerze, jeśli stracisz ten komputer; bez nich nikt tego nie zrobi.</translation>
    </message>
    <message>
        <source>Check your recovery phrase</source>
        <translation>Sprawdź frazę odzyskiwania</translation>
    </message>
    <message>
        <source>Type the words asked for, from your paper copy.</source>
        <translation>Wpisz słowa, o które prosimy, z kopii na papierze.</translation>
    </message>
    <message>
        <source>Sign in on this computer</source>
        <translation>Zaloguj się na tym komputerze</translation>
    </message>
    <message>
        <source>Your account&apos;s user name and password.</source>
        <translation>Nazwa użytkownika i hasło twojego konta.</translation>
    </message>
    <message>
        <source>Recover with your phrase</source>
        <translation>Odzyskaj za pomocą frazy</translation>
    </message>
    <message>
        <source>Type your 12 to 24 words, or paste the whole phrase into any field.</source>
        <translation>Wpisz swoje 12–24 słowa albo wklej całą frazę w dowolne pole.</translation>
    </message>
    <message>
        <source>Choose a new password</source>
        <translation>Wybierz nowe hasło</translation>
    </message>
    <message>
        <source>It opens your account here and on any new computer. A computer that already had this account still opens with its old password: change it there too.</source>
        <translation>Otwiera twoje konto tutaj i na każdym nowym komputerze. Komputer, który już miał to konto, nadal otwiera je starym hasłem: zmień je także tam.</translation>
    </message>
    <message>
        <source>Link to an existing device</source>
        <translation>Połącz z istniejącym urządzeniem</translation>
    </message>
    <message>
        <source>On a device that is signed in, choose Account, Add a device. Type the code it shows, then check that both screens show the same words.</source>
        <translation>Na zalogowanym urządzeniu wybierz Konto › Dodaj urządzenie. Wpisz kod, który pokaże, a potem sprawdź, czy oba ekrany pokazują te same słowa.</translation>
    </message>
    <message>
        <source>All set</source>
        <translation>Wszystko gotowe</translation>
    </message>
    <message>
        <source>Drop files onto the window to encrypt and upload them.</source>
        <translation>Upuść pliki na okno, aby je zaszyfrować i przesłać.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nazwa użytkownika</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Code from the other device</source>
        <translation>Kod z drugiego urządzenia</translation>
    </message>
    <message>
        <source>Verification words</source>
        <translation>Słowa weryfikacyjne</translation>
    </message>
    <message>
        <source>A password for this device:</source>
        <translation>Hasło dla tego urządzenia:</translation>
    </message>
    <message>
        <source>Verification words: %1</source>
        <translation>Słowa weryfikacyjne: %1</translation>
    </message>
    <message>
        <source>Check that the other device shows the same words, and confirm there.</source>
        <translation>Sprawdź, czy drugie urządzenie pokazuje te same słowa, i potwierdź na nim.</translation>
    </message>
    <message>
        <source>too weak</source>
        <translation>za słabe</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>średnie</translation>
    </message>
    <message>
        <source>good</source>
        <translation>dobre</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>silne</translation>
    </message>
    <message>
        <source>Use at least 10 characters.</source>
        <translation>Użyj co najmniej 10 znaków.</translation>
    </message>
    <message>
        <source>This password is too easy to guess: make it longer or less predictable.</source>
        <translation>To hasło łatwo odgadnąć: wydłuż je lub uczyń mniej przewidywalnym.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hasła się różnią.</translation>
    </message>
    <message>
        <source>A user name is 1-64 lower-case letters, digits, dots, dashes or underscores.</source>
        <translation>Nazwa użytkownika to 1–64 małe litery, cyfry, kropki, myślniki lub podkreślenia.</translation>
    </message>
    <message>
        <source>Create a new account</source>
        <translation>Utwórz nowe konto</translation>
    </message>
    <message>
        <source>Sign in to my account on this computer</source>
        <translation>Zaloguj się do mojego konta na tym komputerze</translation>
    </message>
    <message>
        <source>Recover my account with my 24 words</source>
        <translation>Odzyskaj konto za pomocą moich 24 słów</translation>
    </message>
    <message>
        <source>Link to an existing device (it shows a code)</source>
        <translation>Połącz z istniejącym urządzeniem (pokaże kod)</translation>
    </message>
    <message>
        <source>A Privshare server at this address:</source>
        <translation>Serwer Privshare pod tym adresem:</translation>
    </message>
    <message>
        <source>This computer, to try Privshare out</source>
        <translation>Ten komputer, aby wypróbować Privshare</translation>
    </message>
    <message>
        <source>Files on this computer only: people on other computers cannot reach them, and if this computer is lost, so are they (your 24 words restore the account, not files that were never anywhere else).</source>
        <translation>Pliki tylko na tym komputerze: osoby na innych komputerach nie mają do nich dostępu, a jeśli stracisz ten komputer, stracisz i je (twoje 24 słowa przywracają konto, a nie pliki, których nigdy nie było gdzie indziej).</translation>
    </message>
    <message>
        <source>What this computer means</source>
        <translation>Co oznacza „ten komputer”</translation>
    </message>
    <message>
        <source>Keep files on this computer</source>
        <translation>Przechowuj pliki na tym komputerze</translation>
    </message>
    <message>
        <source>Use a Privshare server</source>
        <translation>Użyj serwera Privshare</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adres serwera</translation>
    </message>
    <message>
        <source>Choose where your files are kept.</source>
        <translation>Wybierz, gdzie mają być przechowywane twoje pliki.</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, such as files.example.org.</source>
        <translation>Wpisz adres serwera, na przykład files.example.org.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Powtórzenie</translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation>Siła hasła</translation>
    </message>
    <message>
        <source>Password strength verdict</source>
        <translation>Ocena siły hasła</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Powtórz hasło</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Siła</translation>
    </message>
    <message>
        <source>at least 10 characters</source>
        <translation>co najmniej 10 znaków</translation>
    </message>
    <message>
        <source>Print a recovery sheet…</source>
        <translation>Drukuj arkusz odzyskiwania…</translation>
    </message>
    <message>
        <source>Print a recovery sheet</source>
        <translation>Drukuj arkusz odzyskiwania</translation>
    </message>
    <message>
        <source>Save a printable recovery sheet…</source>
        <translation>Zapisz arkusz odzyskiwania do druku…</translation>
    </message>
    <message>
        <source>Save a printable recovery sheet</source>
        <translation>Zapisz arkusz odzyskiwania do druku</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Zapamiętaj mnie na tym komputerze</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>Wpisz hasło.</translation>
    </message>
    <message>
        <source>I have shares of my phrase instead…</source>
        <translation>Zamiast tego mam udziały mojej frazy…</translation>
    </message>
    <message>
        <source>Fill in 12, 15, 18, 21 or 24 words.</source>
        <translation>Wpisz 12, 15, 18, 21 lub 24 słowa.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Podsumowanie</translation>
    </message>
    <message>
        <source>Your address</source>
        <translation>Twój adres</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <source>Copy your address</source>
        <translation>Kopiuj swój adres</translation>
    </message>
    <message>
        <source>Your check words</source>
        <translation>Twoje słowa kontrolne</translation>
    </message>
    <message>
        <source>Give people this address to share with you:</source>
        <translation>Podaj ten adres osobom, które chcą ci coś udostępnić:</translation>
    </message>
    <message>
        <source>They will see these check words for you: read them out when they ask.</source>
        <translation>Zobaczą te słowa kontrolne przy twoim adresie: przeczytaj je, gdy zapytają.</translation>
    </message>
    <message>
        <source>Privshare: set up</source>
        <translation>Privshare: konfiguracja</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Trwa praca</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Wstecz</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Dalej</translation>
    </message>
    <message>
        <source>Open Privshare</source>
        <translation>Otwórz Privshare</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Zalogowano jako %1.</translation>
    </message>
    <message>
        <source>Your files are readable again with your new password.</source>
        <translation>Twoje pliki znów można odczytać nowym hasłem.</translation>
    </message>
    <message>
        <source>This device has its own key and password.</source>
        <translation>To urządzenie ma własny klucz i hasło.</translation>
    </message>
    <message>
        <source>Save recovery sheet</source>
        <translation>Zapisz arkusz odzyskiwania</translation>
    </message>
    <message>
        <source>Print recovery sheet</source>
        <translation>Drukuj arkusz odzyskiwania</translation>
    </message>
</context>
<context>
    <name>WriteGuard</name>
    <message>
        <source>Access</source>
        <translation>Dostęp</translation>
    </message>
    <message>
        <source>Shared by me lists what you share: add files in My files.</source>
        <translation>„Udostępnione przeze mnie” pokazuje to, co udostępniasz: pliki dodawaj w „Moich plikach”.</translation>
    </message>
    <message>
        <source>Shared with me lists the shares you accepted: open one to add files to it.</source>
        <translation>„Udostępnione mi” pokazuje przyjęte udostępnienia: otwórz jedno, aby dodać do niego pliki.</translation>
    </message>
    <message>
        <source>Still checking whether you may change “{share}”.</source>
        <translation>Wciąż sprawdzam, czy możesz zmieniać „{share}”.</translation>
    </message>
    <message>
        <source>“{share}” is shared with you read-only by {sender}: ask them for write access to add or change files.</source>
        <translation>{sender} udostępnia ci „{share}” tylko do odczytu: poproś o prawo zapisu, aby dodawać lub zmieniać pliki.</translation>
    </message>
</context>
</TS>
