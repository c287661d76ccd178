"""The demo's raw material: names, employers, a template bank per sector, and the requests.

Pure data, read by web/services/demo.py. In templates, `{lo-hi}` becomes a number drawn
between lo and hi, and `{name}` a value of the profile being written.
"""

from __future__ import annotations

from typing import Any

ACCOUNTS: tuple[dict[str, str], ...] = (
    {
        "email": "coordinator@counterpart.example",
        "password": "demo-coordinator-pass",
        "role": "coordinator",
        "name": "Claire Morton",
    },
    {
        "email": "member@counterpart.example",
        "password": "demo-member-pass",
        "role": "member",
        "name": "Dana Whitfield",
    },
    {
        "email": "applicant@counterpart.example",
        "password": "demo-applicant-pass",
        "role": "applicant",
        "name": "Lucía Paredes",
    },
    {
        "email": "admin@counterpart.example",
        "password": "demo-admin-pass",
        "role": "admin",
        "name": "Samuel Okoye",
    },
)

# The profiles the member and applicant accounts own: who they are and what they fit.
ACCOUNT_PROFILES: tuple[dict[str, Any], ...] = (
    {
        "email": "member@counterpart.example",
        "kind": "member",
        "origin": "anglo",
        "home": "US",
        "sector": "budgeting",
        "targets": ("ge-kutaisi-budget", "ge-kutaisi-capital"),
    },
    {
        "email": "applicant@counterpart.example",
        "kind": "specialist",
        "origin": "hispanic",
        "home": "EC",
        "sector": "climate resilience",
        "targets": ("ec-cuenca-flood",),
        "applies_to": "ec-cuenca-flood",
        "note": (
            "I grew up in Azuay and mapped flood risk on the Machángara for the provincial "
            "government; I would be glad to bring that work to the city's plan."
        ),
    },
)

EMAIL_DOMAINS = ("example.org", "example.com", "example.net")

CALLING_CODES: dict[str, str] = {
    "US": "1", "CA": "1", "GB": "44", "AU": "61", "NZ": "64", "IE": "353", "ZA": "27",
    "CO": "57", "EC": "593", "MX": "52", "PE": "51", "ES": "34", "GT": "502", "BR": "55",
    "PT": "351", "MZ": "258", "FR": "33", "BE": "32", "CH": "41", "SN": "221", "MA": "212",
    "TN": "216", "JO": "962", "LB": "961", "EG": "20", "GE": "995", "UA": "380", "MD": "373",
    "RO": "40", "AM": "374", "AL": "355", "XK": "383", "RS": "381", "BA": "387", "KE": "254",
    "TZ": "255", "UG": "256", "GH": "233", "NG": "234", "IN": "91", "NP": "977", "PH": "63",
    "VN": "84", "ID": "62", "DE": "49", "AT": "43", "NL": "31", "DK": "45",
}  # fmt: skip

# Where people come from. `languages` are "code:LOW-HIGH" (a "?" after the code: sometimes);
# members keep English native and the first other language as a heritage language.
# Homes repeat to weigh them.
ORIGINS: dict[str, dict[str, Any]] = {
    "anglo": {
        "given": (
            "James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda",
            "Sarah", "Thomas", "Karen", "Daniel", "Emily", "Matthew", "Rebecca", "Andrew",
            "Laura", "Christopher", "Megan", "Brian", "Heather", "Kevin", "Rachel", "Gregory",
            "Susan", "Peter", "Claire", "Douglas", "Allison", "Timothy", "Colin", "Fiona",
            "Graham", "Siobhan", "Liam", "Margaret", "Russell", "Bridget",
        ),
        "family": (
            "Harrington", "Caldwell", "Sullivan", "Brennan", "McAllister", "Thompson",
            "Fletcher", "Lawson", "Pritchard", "Donovan", "Hughes", "Bennett", "Carlisle",
            "Fitzgerald", "Ashworth", "Campbell", "Reynolds", "Holloway", "Gallagher",
            "Kowalski", "Novak", "Lindqvist", "Olsen", "Baker", "Turner", "Walsh", "Morrison",
            "Chambers", "Pearson", "Hartley", "Sheridan", "Abbott", "Crawford", "O'Neill",
            "Mackenzie", "Ellison", "Whitaker", "Doyle",
        ),
        "languages": ("en:native",),
        "member_weight": 50,
        "specialist_weight": 14,
        "member_homes": "US US US US US US CA GB GB AU NZ IE",
        "specialist_homes": "US US GB GB CA AU IE",
    },
    "hispanic": {
        "given": (
            "María José", "Alejandro", "Lucía", "Carlos", "Gabriela", "Javier", "Valentina",
            "Andrés", "Mariana", "Diego", "Catalina", "Fernando", "Paola", "Ricardo", "Daniela",
            "Luis", "Ximena", "Eduardo", "Natalia", "Sebastián", "Rosa", "Héctor",
        ),
        "family": (
            "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
            "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales",
            "Ortiz", "Castillo", "Vargas", "Quispe", "Mejía", "Cárdenas", "Restrepo",
            "Villalobos", "Zambrano",
        ),
        "double_family": 0.5,
        "languages": ("es:native", "en:B2-C2", "pt?:A2-B2",),
        "member_weight": 14,
        "specialist_weight": 12,
        "member_homes": "US US US US CA",
        "specialist_homes": "CO CO EC EC MX PE ES GT",
    },
    "lusophone": {
        "given": (
            "João", "Ana Paula", "Pedro", "Mariana", "Rafael", "Beatriz", "Tiago", "Camila",
            "Rodrigo", "Fernanda", "Gustavo", "Inês", "André", "Luísa", "Bruno", "Helena",
        ),
        "family": (
            "Silva", "Santos", "Oliveira", "Souza", "Costa", "Ferreira", "Almeida", "Carvalho",
            "Ribeiro", "Pereira", "Rocha", "Lima", "Barbosa", "Teixeira", "Moreira", "Cardoso",
        ),
        "double_family": 0.4,
        "languages": ("pt:native", "es:B1-C1", "en:B2-C2",),
        "member_weight": 2,
        "specialist_weight": 6,
        "member_homes": "US",
        "specialist_homes": "BR BR PT",
    },
    "mozambican": {
        "given": (
            "Alcinda", "Celso", "Benvinda", "Hélio", "Graça", "Armando", "Lurdes", "Custódio",
            "Albertina", "Egídio", "Teresa", "Nelson", "Ilda", "Américo",
        ),
        "family": (
            "Machava", "Cossa", "Sitoe", "Nhantumbo", "Tembe", "Macuácua", "Chiziane",
            "Muianga", "Bila", "Matsinhe", "Uamusse", "Zandamela", "Cumbe", "Langa",
        ),
        "languages": ("pt:native", "en:B2-C1",),
        "member_weight": 0,
        "specialist_weight": 3,
        "specialist_homes": "MZ",
    },
    "french": {
        "given": (
            "Camille", "Julien", "Sophie", "Nicolas", "Élodie", "Mathieu", "Isabelle",
            "Olivier", "Claire", "Antoine", "Nathalie", "François", "Céline", "Guillaume",
            "Amélie", "Étienne",
        ),
        "family": (
            "Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Laurent", "Girard",
            "Rousseau", "Fontaine", "Chevalier", "Gagnon", "Tremblay", "Bouchard", "Lemieux",
            "Dupont", "Mercier",
        ),
        "languages": ("fr:native", "en:B2-C2", "es?:B1-B2",),
        "member_weight": 5,
        "specialist_weight": 8,
        "member_homes": "CA CA CA US",
        "specialist_homes": "FR FR BE CH CA",
    },
    "senegalese": {
        "given": (
            "Aminata", "Moussa", "Fatou", "Ibrahima", "Awa", "Cheikh", "Mariama", "Ousmane",
            "Khady", "Abdoulaye", "Ndèye", "Mamadou", "Aïssatou", "Babacar", "Coumba",
            "Souleymane",
        ),
        "family": (
            "Diallo", "Ndiaye", "Sow", "Fall", "Diop", "Ba", "Sy", "Gueye", "Mbaye", "Faye",
            "Sarr", "Cissé", "Thiam", "Kane", "Niang", "Seck",
        ),
        "languages": ("wo:native", "fr:C1-C2", "en:B1-C1",),
        "member_weight": 2,
        "specialist_weight": 4,
        "member_homes": "US CA",
        "specialist_homes": "SN",
    },
    "maghrebi": {
        "given": (
            "Youssef", "Salma", "Karim", "Imane", "Mehdi", "Leïla", "Anis", "Sonia", "Hamza",
            "Nadia", "Rachid", "Amira", "Skander", "Houda",
        ),
        "family": (
            "Ben Salah", "Trabelsi", "Jebali", "Chaabane", "Mansouri", "El Amrani",
            "Benjelloun", "Alaoui", "Bennani", "Tazi", "Gharbi", "Khelifi", "Hammami", "Zouari",
        ),
        "languages": ("ar:native", "fr:C1-C2", "en:B1-C1",),
        "member_weight": 1,
        "specialist_weight": 4,
        "member_homes": "CA",
        "specialist_homes": "MA TN",
    },
    "levantine": {
        "given": (
            "Omar", "Rania", "Khaled", "Lina", "Tariq", "Hala", "Samer", "Dina", "Fadi", "Reem",
            "Ziad", "Maya", "Nabil", "Yasmin", "Bassam", "Nour",
        ),
        "family": (
            "Haddad", "Khoury", "Nasser", "Haddadin", "Mansour", "Saleh", "Aziz", "Awad",
            "Qasem", "Hijazi", "Shami", "Bitar", "Majali", "Tamimi",
        ),
        "languages": ("ar:native", "en:C1-C2", "fr?:B1-C1",),
        "member_weight": 4,
        "specialist_weight": 5,
        "member_homes": "US US CA GB",
        "specialist_homes": "JO JO LB EG",
    },
    "georgian": {
        "given": (
            "Nino", "Giorgi", "Tamar", "Levan", "Ketevan", "Davit", "Mariam", "Irakli", "Ana",
            "Zurab", "Eka", "Nikoloz", "Salome", "Lasha",
        ),
        "family": (
            "Beridze", "Kapanadze", "Gelashvili", "Lomidze", "Maisuradze", "Tsiklauri",
            "Chkheidze", "Jorjadze", "Abashidze", "Mchedlishvili", "Javakhishvili", "Dolidze",
            "Gogua", "Kvaratskhelia",
        ),
        "languages": ("ka:native", "ru:B2-C2", "en:B2-C1",),
        "member_weight": 1,
        "specialist_weight": 3,
        "member_homes": "US",
        "specialist_homes": "GE",
    },
    "ukrainian": {
        "given": (
            "Olena", "Andriy", "Oksana", "Dmytro", "Iryna", "Taras", "Nataliya", "Yuriy",
            "Halyna", "Bohdan", "Kateryna", "Oleksandr", "Sofiya", "Mykola",
        ),
        "family": (
            "Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk",
            "Boyko", "Savchenko", "Hrytsenko", "Lysenko", "Marchenko", "Rudenko", "Koval",
            "Petrenko",
        ),
        "languages": ("uk:native", "ru:C1-native", "en:B2-C1", "pl?:A2-B2",),
        "member_weight": 2,
        "specialist_weight": 4,
        "member_homes": "US CA",
        "specialist_homes": "UA",
    },
    "moldovan": {
        "given": (
            "Ion", "Elena", "Vasile", "Ana", "Sergiu", "Cristina", "Mihai", "Natalia", "Victor",
            "Doina", "Andrei", "Ludmila", "Dorin", "Irina",
        ),
        "family": (
            "Rusu", "Ceban", "Popa", "Munteanu", "Cojocaru", "Ciobanu", "Lungu", "Moraru",
            "Țurcan", "Bălan", "Guțu", "Sârbu", "Roșca", "Cebotari",
        ),
        "languages": ("ro:native", "ru:B2-C2", "en:B2-C1", "fr?:B1-B2",),
        "member_weight": 0,
        "specialist_weight": 3,
        "specialist_homes": "MD MD RO",
    },
    "armenian": {
        "given": (
            "Armen", "Anahit", "Tigran", "Lusine", "Aram", "Gayane", "Hayk", "Mariam", "Vardan",
            "Narine", "Karen", "Astghik",
        ),
        "family": (
            "Petrosyan", "Hakobyan", "Sargsyan", "Grigoryan", "Harutyunyan", "Avetisyan",
            "Vardanyan", "Mkrtchyan", "Khachatryan", "Manukyan", "Galstyan", "Ghazaryan",
        ),
        "languages": ("hy:native", "ru:C1-C2", "en:B2-C1",),
        "member_weight": 1,
        "specialist_weight": 2,
        "member_homes": "US",
        "specialist_homes": "AM",
    },
    "albanian": {
        "given": (
            "Arben", "Elira", "Blerim", "Dorina", "Gentian", "Mirela", "Ilir", "Anila", "Erion",
            "Teuta", "Besnik", "Valbona",
        ),
        "family": (
            "Hoxha", "Shehu", "Daci", "Krasniqi", "Berisha", "Gashi", "Leka", "Murati",
            "Dervishi", "Kola", "Marku", "Hysa",
        ),
        "languages": ("sq:native", "it:B1-C1", "en:B2-C1",),
        "member_weight": 0,
        "specialist_weight": 2,
        "specialist_homes": "AL AL XK",
    },
    "serbian": {
        "given": (
            "Milica", "Nenad", "Jelena", "Dragan", "Ivana", "Marko", "Vesna", "Stefan",
            "Tamara", "Nikola",
        ),
        "family": (
            "Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić",
            "Pavlović", "Kovačević", "Popović",
        ),
        "languages": ("sr:native", "en:B2-C1", "de?:A2-B2", "ru?:A2-B1",),
        "member_weight": 0,
        "specialist_weight": 2,
        "specialist_homes": "RS BA",
    },
    "east_african": {
        "given": (
            "Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Omondi", "Akinyi", "Kiprono",
            "Nyambura", "Mwangi", "Atieno", "Baraka", "Zawadi", "Juma", "Neema", "Hassan",
        ),
        "family": (
            "Odhiambo", "Mutua", "Kariuki", "Wafula", "Ochieng", "Kimani", "Njoroge", "Chebet",
            "Barasa", "Onyango", "Mwakyusa", "Massawe", "Kilonzo", "Wekesa",
        ),
        "languages": ("sw:native", "en:C1-C2",),
        "member_weight": 2,
        "specialist_weight": 5,
        "member_homes": "US GB",
        "specialist_homes": "KE KE TZ UG",
    },
    "ghanaian": {
        "given": (
            "Kwame", "Akosua", "Kofi", "Ama", "Yaw", "Abena", "Kwabena", "Efua", "Nana",
            "Adwoa", "Kojo", "Esi",
        ),
        "family": (
            "Mensah", "Asante", "Owusu", "Boateng", "Osei", "Addo", "Agyeman", "Darko",
            "Appiah", "Ofori", "Amoah", "Tetteh",
        ),
        "languages": ("ak:native", "en:C2",),
        "member_weight": 2,
        "specialist_weight": 3,
        "member_homes": "US GB",
        "specialist_homes": "GH",
    },
    "nigerian": {
        "given": (
            "Chinedu", "Ngozi", "Tunde", "Funmilayo", "Emeka", "Adaeze", "Oluwaseun", "Bola",
            "Ifeoma", "Kayode", "Chiamaka", "Segun",
        ),
        "family": (
            "Adeyemi", "Okafor", "Balogun", "Adebayo", "Okonkwo", "Eze", "Olawale", "Nwosu",
            "Afolabi", "Obi", "Ogunleye", "Uche",
        ),
        "languages": ("en:C2",),
        "member_weight": 3,
        "specialist_weight": 2,
        "member_homes": "US US GB",
        "specialist_homes": "NG",
    },
    "south_asian": {
        "given": (
            "Priya", "Arjun", "Ananya", "Vikram", "Kavita", "Rohan", "Deepa", "Sanjay", "Meera",
            "Anil", "Lakshmi", "Rahul", "Sunita", "Nikhil",
        ),
        "family": (
            "Sharma", "Iyer", "Patel", "Reddy", "Banerjee", "Nair", "Menon", "Kulkarni",
            "Gupta", "Rao", "Desai", "Mukherjee", "Chatterjee", "Joshi",
        ),
        "languages": ("hi:native", "en:C2",),
        "member_weight": 5,
        "specialist_weight": 5,
        "member_homes": "US US GB CA",
        "specialist_homes": "IN",
    },
    "nepali": {
        "given": (
            "Sabina", "Bikash", "Anjali", "Rajesh", "Sunita", "Prakash", "Binita", "Suman",
            "Pooja", "Dipesh", "Srijana", "Ramesh",
        ),
        "family": (
            "Shrestha", "Thapa", "Gurung", "Adhikari", "Karki", "Tamang", "Rai", "Maharjan",
            "Bhattarai", "Pokharel", "Magar", "Joshi",
        ),
        "languages": ("ne:native", "hi:B2-C1", "en:C1-C2",),
        "member_weight": 0,
        "specialist_weight": 2,
        "specialist_homes": "NP",
    },
    "filipino": {
        "given": (
            "Maricel", "Jose", "Rowena", "Paolo", "Liza", "Ramon", "Cristina", "Jun",
            "Angelica", "Ferdinand", "Marites", "Rogelio",
        ),
        "family": (
            "Santos", "Reyes", "Dela Cruz", "Bautista", "Villanueva", "Mendoza", "Aquino",
            "Ramos", "Navarro", "Soriano", "Pascual", "Tolentino",
        ),
        "languages": ("tl:native", "en:C2",),
        "member_weight": 3,
        "specialist_weight": 3,
        "member_homes": "US US CA",
        "specialist_homes": "PH",
    },
    "vietnamese": {
        "given": (
            "Linh", "Minh", "Thao", "Duc", "Huong", "Quang", "Lan", "Tuan", "Mai", "Hieu",
        ),
        "family": (
            "Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo",
        ),
        "languages": ("vi:native", "en:C1-C2",),
        "member_weight": 3,
        "specialist_weight": 1,
        "member_homes": "US US AU",
        "specialist_homes": "VN",
    },
    "indonesian": {
        "given": (
            "Dewi", "Budi", "Sri", "Agus", "Rina", "Adi", "Wulan", "Hendra", "Ratna", "Eko",
        ),
        "family": (
            "Santoso", "Wijaya", "Pratama", "Hidayat", "Kusuma", "Nugroho", "Setiawan",
            "Rahman", "Saputra", "Lestari",
        ),
        "languages": ("id:native", "en:C1",),
        "member_weight": 0,
        "specialist_weight": 2,
        "specialist_homes": "ID",
    },
    "east_asian": {
        "given": (
            "Grace", "Daniel", "Kevin", "Jennifer", "Michelle", "David", "Amy", "Steven",
            "Jessica", "Eric", "Karen", "Brian",
        ),
        "family": (
            "Chen", "Wong", "Kim", "Park", "Lee", "Liu", "Huang", "Cho", "Yamamoto", "Tanaka",
            "Wu", "Lin",
        ),
        "languages": ("en:native",),
        "member_weight": 6,
        "specialist_weight": 0,
        "member_homes": "US US US CA AU",
    },
    "german": {
        "given": (
            "Katrin", "Stefan", "Anja", "Jürgen", "Sabine", "Tobias", "Birgit", "Matthias",
            "Ulrike", "Florian", "Jana", "Lukas",
        ),
        "family": (
            "Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schulz", "Keller",
            "Wagner", "Braun", "Zimmermann", "Krüger",
        ),
        "languages": ("de:native", "en:C1-C2", "fr?:B1-B2", "ru?:A2-B2",),
        "member_weight": 2,
        "specialist_weight": 5,
        "member_homes": "US",
        "specialist_homes": "DE DE AT CH",
    },
    "dutch": {
        "given": (
            "Anouk", "Pieter", "Femke", "Joost", "Marloes", "Bram", "Sanne", "Wouter", "Eline",
            "Ruben",
        ),
        "family": (
            "de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Mulder", "de Boer",
            "van den Berg", "Meijer",
        ),
        "languages": ("nl:native", "en:C2", "de?:B1-C1", "fr?:B1-B2",),
        "member_weight": 0,
        "specialist_weight": 3,
        "specialist_homes": "NL NL BE",
    },
    "danish": {
        "given": (
            "Mette", "Søren", "Line", "Anders", "Kirsten", "Rasmus", "Ingrid", "Lars", "Sofie",
            "Mikkel",
        ),
        "family": (
            "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
            "Sørensen", "Rasmussen", "Kristiansen",
        ),
        "languages": ("da:native", "en:C2", "de?:B1-B2",),
        "member_weight": 0,
        "specialist_weight": 2,
        "specialist_homes": "DK",
    },
    "south_african": {
        "given": (
            "Thandiwe", "Sipho", "Lerato", "Themba", "Nomvula", "Bongani", "Zanele", "Mandla",
            "Palesa", "Kagiso",
        ),
        "family": (
            "Dlamini", "Nkosi", "Mokoena", "Ndlovu", "Khumalo", "Mahlangu", "Zulu", "Mthembu",
            "Molefe", "Sithole",
        ),
        "languages": ("zu:native", "en:C2", "af?:B1-B2",),
        "member_weight": 3,
        "specialist_weight": 2,
        "member_homes": "ZA",
        "specialist_homes": "ZA",
    },
}  # fmt: skip

# Languages people pick up along the way (Peace Corps, postings, partners abroad).
LEARNED_LANGUAGES = ("es", "fr", "fr", "es", "pt", "de", "ar", "ru", "sw", "it")

MEMBER_EMPLOYERS: dict[str, tuple[str, ...]] = {
    "US": (
        "City of Tacoma", "City of Boulder", "City of Asheville", "City of Dayton",
        "City of Eugene", "City of Fort Collins", "City of Ann Arbor", "City of Chattanooga",
        "City of Spokane", "City of Durham", "City of Madison", "City of Lawrence",
        "City of Olympia", "City of San Leandro", "City of Tempe", "City of Gainesville",
        "Town of Chapel Hill", "Village of Oak Park", "King County", "Hennepin County",
        "Arlington County", "Larimer County", "Washtenaw County", "Montgomery County",
        "City of Bellingham", "City of Rochester", "City of Decatur", "City of Kalamazoo",
        "City of Santa Fe", "City of Savannah", "City of Boise", "City of Dubuque",
        "City of Fort Worth", "City of San Antonio", "City of Alexandria", "City of Tucson",
    ),
    "CA": (
        "City of Calgary", "City of Guelph", "Halifax Regional Municipality",
        "City of Saskatoon", "Ville de Gatineau", "City of Victoria", "City of Kingston",
        "Ville de Sherbrooke",
    ),
    "GB": (
        "Bristol City Council", "Leeds City Council", "Cardiff Council",
        "Manchester City Council", "Glasgow City Council", "Norwich City Council",
        "Brighton & Hove City Council",
    ),
    "AU": (
        "City of Melbourne", "Brisbane City Council", "City of Fremantle",
        "Hobart City Council", "City of Adelaide",
    ),
    "NZ": ("Wellington City Council", "Christchurch City Council", "Hamilton City Council"),
    "IE": ("Cork City Council", "Galway County Council"),
    "ZA": ("City of Cape Town", "eThekwini Municipality", "City of Tshwane"),
}  # fmt: skip

FIRMS: tuple[str, ...] = (
    "Ramboll", "Arup", "GIZ", "Tetra Tech", "Chemonics", "DAI Global", "Abt Associates",
    "RTI International", "Cowater International", "Palladium", "Mott MacDonald", "AECOM",
    "Deloitte", "PwC", "KPMG", "Oxford Policy Management", "Adam Smith International",
    "Urban Institute", "UN-Habitat", "Stantec", "WSP", "Egis", "SNV", "Helvetas",
    "Cities Alliance", "UNDP", "Expertise France", "Enabel", "LuxDev", "VNG International",
)  # fmt: skip

# Where members volunteered and specialists worked: (organisation, country).
HOSTS: tuple[tuple[str, str], ...] = (
    ("Municipality of Rustavi", "GE"), ("Municipality of Zugdidi", "GE"),
    ("Commune de Ziguinchor", "SN"), ("Commune de Kaolack", "SN"),
    ("Municipality of Salt", "JO"), ("Municipality of Madaba", "JO"),
    ("Alcaldía de Pasto", "CO"), ("Alcaldía de Manizales", "CO"),
    ("Municipio de Loja", "EC"), ("Ivano-Frankivsk City Council", "UA"),
    ("Chernivtsi City Council", "UA"), ("Municipality of Bălți", "MD"),
    ("Municipality of Shkodër", "AL"), ("Nakuru County Government", "KE"),
    ("Machakos County Government", "KE"), ("Conselho Municipal da Beira", "MZ"),
    ("Conselho Municipal de Nampula", "MZ"), ("Commune de Sousse", "TN"),
    ("Commune de Sfax", "TN"), ("Lalitpur Metropolitan City", "NP"),
    ("Iloilo City Government", "PH"), ("Davao City Government", "PH"),
    ("Municipality of Vanadzor", "AM"), ("Kumasi Metropolitan Assembly", "GH"),
    ("Tamale Metropolitan Assembly", "GH"), ("Bishkek City Hall", "KG"),
    ("Municipalidad de Antigua Guatemala", "GT"), ("Municipalidad de Arequipa", "PE"),
    ("Prefeitura do Recife", "BR"), ("Makassar City Government", "ID"),
    ("Da Nang People's Committee", "VN"), ("Kampala Capital City Authority", "UG"),
    ("Dar es Salaam City Council", "TZ"), ("Municipality of Tetovo", "MK"),
    ("Commune d'Agadir", "MA"), ("Pokhara Metropolitan City", "NP"),
    ("Municipality of Prizren", "XK"), ("Municipalidad de Cusco", "PE"),
)  # fmt: skip

ABROAD_TITLES = (
    "Pro-bono adviser",
    "Peer exchange volunteer",
    "Volunteer technical adviser",
    "Visiting practitioner",
)

ABROAD_ACHIEVEMENTS = (
    "Coached the municipal team for {2-6} weeks on {skill}; the council adopted the resulting "
    "plan.",
    "Ran {3-8} workshops on {skill} for {20-60} staff from {3-9} municipalities.",
    "Reviewed local practice in {skill} and left a {10-30}-point action plan that the mayor's "
    "office still tracks.",
    "Mentored two counterparts by video for {6-12} months after the visit, focusing on {skill}.",
    "Drafted, with city staff, a guide to {skill} now used in {3-12} neighbouring towns.",
)

# Which sectors sit together in one career; a profile's other sectors come from its family.
SECTOR_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("public finance", "budgeting", "revenue and taxation", "procurement",
     "performance management", "asset management"),
    ("water and sanitation", "solid waste", "utilities", "energy efficiency", "asset management"),
    ("urban planning", "land management", "housing", "transportation", "parks and recreation"),
    ("local economic development", "tourism", "parks and recreation", "urban planning"),
    ("governance and transparency", "anti-corruption", "citizen engagement", "e-government",
     "performance management"),
    ("decentralization", "intergovernmental relations", "public finance",
     "governance and transparency"),
    ("public safety", "emergency management", "disaster risk reduction", "climate resilience"),
    ("public health", "social services", "gender and inclusion", "housing"),
    ("human resources", "performance management", "governance and transparency"),
    ("climate resilience", "energy efficiency", "water and sanitation", "urban planning"),
    ("gender and inclusion", "citizen engagement", "social services"),
)  # fmt: skip

MEMBER_OPENINGS = (
    "{years} years in local government, currently {title} for {employer}.",
    "I have worked in city and county government for {years} years and now serve as {title} "
    "at {employer}.",
    "Career local-government manager with {years} years of experience, most of it in {sector}.",
    "{first} has spent {years} years in municipal service and is {title} at {employer}.",
    "Practitioner first: {years} years running {sector} for local governments of every size.",
    "As {title} at {employer}, I look after {sector} and the people who deliver it.",
)
SPECIALIST_OPENINGS = (
    "{title} with {years} years of donor-funded work on {sector} in {countries}.",
    "I advise municipalities and national governments on {sector}; {years} years in the "
    "field, most recently with {employer}.",
    "Over {years} years I have designed and led {sector} programmes in {countries}.",
    "{first} is a {title} who has worked for governments, donors and consulting firms for "
    "{years} years.",
    "International development professional ({years} years) specialising in {sector} and "
    "{sector2}.",
)
FOCUS_SENTENCES = (
    "Strongest in {focus} and {focus2}.",
    "Known among peers for {focus}.",
    "My work centres on {focus}, with a growing interest in {focus2}.",
    "Colleagues call on {first} for {focus}.",
    "Particular interest in {focus}.",
    "Believes in {focus} and has the scars to prove it.",
)
MEMBER_CLOSINGS = (
    "Volunteers with the association's international programme and has advised peers in "
    "{countries}.",
    "Happy to coach counterparts by video between visits.",
    "Available for short in-country missions of two to six weeks.",
    "Hosted delegations from {countries} and keen to return the visit.",
    "Works in {languages}.",
    "Interested in peer exchanges where a practitioner's view helps more than a consultant's "
    "report.",
)
SPECIALIST_CLOSINGS = (
    "Works in {languages}.",
    "Comfortable as team leader or short-term expert.",
    "Clients include the World Bank, GIZ, the EU and USAID-funded projects.",
    "Field experience in {countries}.",
    "Prefers assignments with a clear counterpart team and time to build their skills.",
)

# Per sector: member job titles, specialist titles, skills, achievements, focus phrases.
SECTORS: dict[str, dict[str, tuple[str, ...]]] = {
    "public finance": {
        "titles": ("Finance Director", "Chief Financial Officer", "Deputy Finance Director",
                   "City Treasurer"),
        "specialist_titles": ("Public Financial Management Specialist",
                              "Senior Municipal Finance Adviser", "PFM Team Leader"),
        "skills": ("municipal financial management", "financial reporting and IPSAS",
                   "cash management", "debt management", "internal controls",
                   "long-term financial planning", "credit rating preparation",
                   "treasury operations", "fiscal risk analysis"),
        "achievements": (
            "Closed a ${2-9}.{1-9} million structural deficit in {2-3} budget cycles without "
            "cutting front-line services.",
            "Moved the city's accounts to accrual reporting and obtained {3-6} consecutive clean "
            "audit opinions.",
            "Raised the city's credit rating from A- to AA, saving about ${1-4}.{1-9} million a "
            "year in interest.",
            "Built a {5-10}-year financial plan adopted unanimously by council and used in every "
            "budget since.",
            "Cut the month-end close from {18-25} to {5-8} working days by redesigning "
            "reconciliations.",
            "Set up a cash-flow forecast that let {8-15} municipalities pay suppliers on time "
            "during a transfer freeze.",
        ),
        "focus": ("long-range financial planning", "making the numbers understandable to council",
                  "clean audits and strong internal controls"),
    },
    "budgeting": {
        "titles": ("Budget Director", "Budget and Management Officer",
                   "Deputy City Manager for Budget", "Budget Manager"),
        "specialist_titles": ("Budget Reform Specialist", "Programme Budgeting Adviser",
                              "Public Expenditure Specialist"),
        "skills": ("programme-based budgeting", "municipal budget preparation",
                   "budget transparency", "performance budgeting",
                   "medium-term expenditure frameworks", "capital budgeting",
                   "citizen budget guides", "budget monitoring", "training finance staff"),
        "achievements": (
            "Converted a line-item budget of ${150-900} million into {25-60} programmes with "
            "outcome indicators.",
            "Introduced a citizens' budget guide; downloads rose from {200-600} to {4-9},000 in "
            "the first year.",
            "Shortened the budget calendar by {4-8} weeks and ended {2-4} years of late adoption.",
            "Trained {40-120} department staff in programme budgeting and costing.",
            "Led a mid-year review that redirected ${2-8} million to road maintenance and parks.",
            "Helped {6-14} partner municipalities publish their first programme budgets with "
            "indicators.",
        ),
        "focus": ("programme budgets that councils can actually read",
                  "linking spending to results", "budget calendars that hold"),
    },
    "revenue and taxation": {
        "titles": ("Revenue Manager", "Tax Collector and Treasurer", "Director of Revenue",
                   "City Assessor"),
        "specialist_titles": ("Local Revenue Specialist", "Property Tax Adviser",
                              "Municipal Revenue Mobilisation Expert"),
        "skills": ("property tax administration", "taxpayer registry", "revenue forecasting",
                   "property valuation", "mass appraisal", "business licence fees",
                   "tax arrears recovery", "mobile money payments", "revenue enhancement plans"),
        "achievements": (
            "Raised property tax collection from {51-68}% to {82-94}% in {3-5} years.",
            "Added {6-18},000 unregistered properties to the tax roll through a GIS-based census.",
            "Recovered ${1-6}.{1-9} million in arrears with a payment-plan programme instead of "
            "seizures.",
            "Rolled out mobile money payments; {30-60}% of business licence fees now arrive by "
            "phone.",
            "Revalued {20-90},000 parcels with a mass appraisal model accepted by the appeals "
            "board.",
            "Lifted own-source revenue by {18-45}% across {5-12} partner communes in two years.",
        ),
        "focus": ("fair and collectable property taxes", "getting properties onto the tax roll",
                  "revenue systems people trust"),
    },
    "procurement": {
        "titles": ("Purchasing Manager", "Procurement Director",
                   "Contracts and Procurement Manager", "Chief Procurement Officer"),
        "specialist_titles": ("Public Procurement Specialist", "E-Procurement Adviser",
                              "Procurement Reform Consultant"),
        "skills": ("public procurement", "e-procurement systems", "contract management",
                   "bid evaluation", "procurement planning", "framework agreements",
                   "supplier diversity", "procurement audits"),
        "achievements": (
            "Moved {70-95}% of city purchasing onto an e-procurement platform within {12-24} "
            "months.",
            "Cut average tender time from {90-140} to {40-60} days while bid protests fell by "
            "half.",
            "Saved ${1-5}.{1-9} million a year through {6-15} cooperative framework agreements.",
            "Wrote the procurement manual used by {20-80} district assemblies.",
            "Raised the share of contracts won by local small businesses from {8-14}% to "
            "{22-35}%.",
        ),
        "focus": ("open, competitive tenders", "contract management after the signature",
                  "procurement that small firms can enter"),
    },
    "water and sanitation": {
        "titles": ("Water Utility Director", "Public Utilities Director",
                   "Wastewater Superintendent", "Water Operations Manager"),
        "specialist_titles": ("Water and Sanitation Specialist", "Non-Revenue Water Expert",
                              "Sanitation Engineer"),
        "skills": ("non-revenue water reduction", "district metered areas",
                   "pressure management", "water utility management", "faecal sludge management",
                   "sanitation service delivery", "wastewater treatment operations",
                   "water quality monitoring", "sanitation tariffs"),
        "achievements": (
            "Cut non-revenue water from {34-46}% to {17-25}% across {8-20} district metered "
            "areas.",
            "Brought a {20-60},000 m3/day treatment plant back to full compliance within "
            "{10-18} months.",
            "Set up a scheduled desludging service reaching {12-40},000 households.",
            "Replaced {15-60} km of leaking mains under a ${4-20} million programme delivered on "
            "budget.",
            "Extended piped water to {8-30},000 residents of informal settlements with a "
            "pro-poor tariff.",
            "Reduced sewer overflows by {40-70}% with a maintenance programme and {200-600} flow "
            "sensors.",
        ),
        "focus": ("finding and fixing water losses", "sanitation services for informal "
                  "settlements", "running utilities on sound finances"),
    },
    "solid waste": {
        "titles": ("Solid Waste Manager", "Director of Environmental Services",
                   "Sanitation Superintendent", "Recycling Coordinator"),
        "specialist_titles": ("Solid Waste Management Specialist", "Waste Management Engineer",
                              "Circular Economy Adviser"),
        "skills": ("waste collection route optimisation", "transfer station operations",
                   "landfill closure", "fleet management", "recycling programmes",
                   "waste picker inclusion", "tariff setting", "composting"),
        "achievements": (
            "Redesigned {20-45} collection routes and cut fuel use by {12-25}% with the same "
            "fleet.",
            "Capped and closed a {15-40}-hectare dump site and built a transfer station in its "
            "place.",
            "Raised household recycling from {8-15}% to {28-40}% with a cart-based programme.",
            "Formalised {150-500} waste pickers into cooperatives with contracts and protective "
            "equipment.",
            "Introduced a waste fee that covers {70-100}% of collection costs.",
            "Opened a composting site taking {20-80} tonnes of market waste a day.",
        ),
        "focus": ("collection that runs on schedule", "closing dump sites safely",
                  "recycling with the informal sector"),
    },
    "urban planning": {
        "titles": ("Planning Director", "Principal Planner", "Director of Community Development",
                   "Planning Manager"),
        "specialist_titles": ("Senior Urban Planner", "Urban Development Specialist",
                              "Spatial Planning Consultant"),
        "skills": ("land-use planning", "zoning code reform", "historic district planning",
                   "master planning", "development review", "transit-oriented development",
                   "GIS mapping", "public space planning"),
        "achievements": (
            "Led the comprehensive plan update adopted after {20-45} public workshops.",
            "Rewrote a {300-600}-page zoning code into a form-based code half its length.",
            "Guided the revival of a historic district where vacancy fell from {25-35}% to "
            "{6-12}%.",
            "Cut development review times from {90-150} to {30-50} days with a one-stop permit "
            "desk.",
            "Prepared master plans for {3-8} secondary cities of {80-450},000 residents each.",
            "Planned a transit corridor that added {1-4},{1-9}00 homes within walking distance "
            "of stations.",
        ),
        "focus": ("plans that survive contact with the council",
                  "historic centres that stay lived-in", "faster, fairer development review"),
    },
    "land management": {
        "titles": ("Land Management Director", "County Surveyor", "Real Property Manager",
                   "GIS and Land Records Manager"),
        "specialist_titles": ("Land Administration Specialist", "Cadastre Expert",
                              "Land Tenure Adviser"),
        "skills": ("cadastral surveying", "land information systems",
                   "land tenure regularisation", "land valuation", "GIS",
                   "property registration", "municipal land inventory"),
        "achievements": (
            "Digitised {40-120},000 parcel records into a land information system linked to the "
            "tax roll.",
            "Regularised tenure for {3-12},000 households in informal settlements.",
            "Cut property registration time from {60-120} to {10-20} days.",
            "Built an inventory of {600-2000} publicly owned plots and sold surplus land worth "
            "${2-9} million.",
            "Trained {20-60} surveyors in GNSS methods and quality checks.",
        ),
        "focus": ("cadastres that stay up to date", "secure tenure for informal settlers",
                  "knowing what land the city owns"),
    },
    "housing": {
        "titles": ("Housing Director", "Community Development Manager",
                   "Housing Authority Executive Director", "Affordable Housing Manager"),
        "specialist_titles": ("Housing Policy Specialist", "Affordable Housing Adviser",
                              "Housing Finance Expert"),
        "skills": ("social housing programmes", "housing needs assessment", "rental subsidies",
                   "modular housing", "housing finance", "homelessness prevention",
                   "slum upgrading", "inclusionary zoning"),
        "achievements": (
            "Delivered {300-900} affordable homes through a land trust and {3-6} non-profit "
            "partners.",
            "Ran a rental subsidy scheme housing {800-2500} displaced families within {6-10} "
            "months.",
            "Completed a housing needs assessment used to allocate ${10-60} million of donor "
            "funds.",
            "Cut homelessness among families by {20-40}% with a rapid rehousing programme.",
            "Upgraded {4-12} informal neighbourhoods with water, drainage and secure tenure.",
        ),
        "focus": ("affordable housing that gets built", "housing for displaced families",
                  "housing finance that works for low-income households"),
    },
    "transportation": {
        "titles": ("Transportation Director", "City Traffic Engineer", "Transit Manager",
                   "Director of Mobility"),
        "specialist_titles": ("Urban Transport Specialist", "Public Transport Planner",
                              "Transport Economist"),
        "skills": ("public transport network planning", "bus route rationalisation",
                   "traffic safety", "fare collection systems", "parking management",
                   "pedestrianisation", "transport modelling", "cycling infrastructure"),
        "achievements": (
            "Redesigned a bus network of {25-60} routes; ridership grew {12-30}% in two years.",
            "Cut traffic deaths by {30-50}% with a Vision Zero programme at {40-90} "
            "intersections.",
            "Introduced smart-card fares on {200-600} buses in {8-14} months.",
            "Pedestrianised {1-3} km of the historic centre with the merchants' support.",
            "Built {20-70} km of protected bike lanes.",
        ),
        "focus": ("bus networks people can understand", "safer streets",
                  "mobility in historic centres"),
    },
    "local economic development": {
        "titles": ("Economic Development Director", "Business Development Manager",
                   "Downtown Development Manager", "Director of Economic Vitality"),
        "specialist_titles": ("Local Economic Development Specialist",
                              "Private Sector Development Adviser", "Value Chain Consultant"),
        "skills": ("public market management", "business licensing",
                   "informal sector engagement", "small business support",
                   "business retention and expansion", "economic development strategy",
                   "investment promotion", "value chain analysis"),
        "achievements": (
            "Renovated a market of {400-1500} stalls with the traders, keeping every vendor in "
            "place during works.",
            "Simplified business licensing from {7-12} steps to {2-3}; registrations rose "
            "{25-60}%.",
            "Ran a small business fund that made {150-600} loans with a {92-98}% repayment rate.",
            "Attracted ${20-90} million of private investment to a former industrial site.",
            "Set up a business retention programme visiting {100-300} employers a year.",
        ),
        "focus": ("markets that work for traders", "cutting red tape for small firms",
                  "strategies grounded in local strengths"),
    },
    "tourism": {
        "titles": ("Tourism Director", "Convention and Visitors Bureau Director",
                   "Destination Marketing Manager", "Cultural Affairs Director"),
        "specialist_titles": ("Tourism Development Specialist",
                              "Destination Management Consultant", "Heritage Tourism Expert"),
        "skills": ("destination management", "heritage tourism", "visitor management",
                   "tourism statistics", "public-private partnerships", "concession management",
                   "events management", "tourism marketing"),
        "achievements": (
            "Grew overnight stays from {180-300},000 to {350-500},000 in {4-6} years.",
            "Set up a destination management organisation funded by a {1-3}% lodging tax.",
            "Wrote a visitor management plan for a beach receiving {20-60},000 visitors on peak "
            "days.",
            "Restored {5-15} heritage buildings as visitor sites under concession contracts.",
            "Built a tourism statistics system used by {20-60} hotels and the national office.",
        ),
        "focus": ("tourism that benefits residents", "heritage as an asset, not a backdrop",
                  "managing peak-season crowds"),
    },
    "governance and transparency": {
        "titles": ("City Manager", "Assistant City Manager", "City Clerk",
                   "Chief of Staff to the Mayor"),
        "specialist_titles": ("Governance Specialist", "Local Governance Adviser",
                              "Open Government Consultant"),
        "skills": ("open data", "council procedures", "freedom of information",
                   "records management", "open budget portals", "ethics codes",
                   "municipal management", "strategic planning"),
        "achievements": (
            "Published {60-200} open datasets and a budget portal visited {30-90},000 times a "
            "year.",
            "Cut the backlog of information requests from {300-700} to under {20-50}.",
            "Rewrote council procedures so that agendas are public {5-10} days before each "
            "meeting.",
            "Served as city manager of a city of {40-250},000 through {2-4} mayoral transitions.",
            "Helped {8-20} municipalities adopt ethics codes and asset declarations.",
        ),
        "focus": ("council-manager relations", "openness by default",
                  "practical municipal management"),
    },
    "anti-corruption": {
        "titles": ("City Auditor", "Inspector General", "Internal Audit Director",
                   "Ethics Officer"),
        "specialist_titles": ("Anti-Corruption Specialist", "Internal Audit Adviser",
                              "Forensic Auditor"),
        "skills": ("internal audit", "fraud risk assessment", "audit committees",
                   "whistleblower protection", "asset declarations", "integrity plans",
                   "forensic accounting"),
        "achievements": (
            "Set up an internal audit unit of {4-10} staff that issued {20-45} reports in its "
            "first three years.",
            "Uncovered a ${1-4}.{1-9} million contract-splitting scheme that led to {3-8} "
            "convictions.",
            "Designed integrity plans for {10-30} municipalities under a national programme.",
            "Introduced a whistleblower hotline that receives {100-300} credible reports a year.",
            "Trained {60-150} auditors in risk-based audit planning.",
        ),
        "focus": ("risk-based internal audit", "closing the gaps fraud uses",
                  "protecting whistleblowers"),
    },
    "citizen engagement": {
        "titles": ("Community Engagement Manager", "Director of Neighbourhood Services",
                   "Public Information Officer", "Civic Engagement Director"),
        "specialist_titles": ("Citizen Participation Specialist", "Social Accountability Adviser",
                              "Community Engagement Consultant"),
        "skills": ("participatory budgeting", "public consultation",
                   "citizen feedback platforms", "neighbourhood councils", "facilitation",
                   "community scorecards", "public hearings", "communications strategy"),
        "achievements": (
            "Ran participatory budgeting in {5-12} districts; {6-20},000 residents voted on "
            "${2-6} million of projects.",
            "Launched a 311 service handling {60-200},000 requests a year.",
            "Facilitated {30-80} public hearings on the city plan, with turnout up {40-120}%.",
            "Set up {10-25} neighbourhood councils with their own small-works budgets.",
            "Introduced community scorecards for {20-60} health and school facilities.",
        ),
        "focus": ("participatory budgeting", "hearing from people who never come to meetings",
                  "feedback loops that close"),
    },
    "e-government": {
        "titles": ("Chief Information Officer", "IT Director", "Digital Services Director",
                   "Innovation Manager"),
        "specialist_titles": ("E-Government Specialist", "Digital Transformation Adviser",
                              "Public Sector IT Architect"),
        "skills": ("e-services", "revenue management information systems",
                   "systems requirements specification", "one-stop shop design",
                   "service process redesign", "open data", "data protection", "GIS"),
        "achievements": (
            "Put {40-120} city services online; {45-75}% of permits are now applied for on the "
            "web.",
            "Wrote the requirements and managed the procurement of a ${1-6} million revenue "
            "system.",
            "Opened a one-stop shop where {70-90}% of requests are resolved at the first visit.",
            "Replaced {10-25} legacy systems with {2-4} integrated platforms.",
            "Redesigned {15-40} service processes, cutting average waiting time from {10-20} "
            "days to {1-4}.",
        ),
        "focus": ("digital services people actually use", "requirements before software",
                  "one-stop shops"),
    },
    "public safety": {
        "titles": ("Police Chief", "Public Safety Director", "Fire Chief", "Deputy Police Chief"),
        "specialist_titles": ("Community Safety Specialist", "Police Reform Adviser",
                              "Violence Prevention Expert"),
        "skills": ("community policing", "crime prevention through environmental design",
                   "police training", "violence prevention", "youth programmes",
                   "fire prevention", "public safety strategy"),
        "achievements": (
            "Cut violent crime by {15-35}% with community policing in {6-14} neighbourhoods.",
            "Retrained a force of {150-600} officers in de-escalation and community policing.",
            "Applied environmental design to {20-60} hot spots: lighting, sightlines and youth "
            "spaces.",
            "Reduced structure fires by {20-40}% with a home inspection programme.",
            "Built a youth violence prevention programme reaching {1-4},000 young people a year.",
        ),
        "focus": ("community policing", "prevention before enforcement",
                  "trust between police and residents"),
    },
    "emergency management": {
        "titles": ("Emergency Management Director", "Emergency Services Coordinator",
                   "Fire and Emergency Services Chief", "Director of Emergency Preparedness"),
        "specialist_titles": ("Emergency Management Specialist", "Crisis Management Adviser",
                              "Civil Protection Expert"),
        "skills": ("emergency operations centre management", "incident command system",
                   "continuity of operations planning", "public warning systems",
                   "exercise design", "shelter management", "evacuation planning"),
        "achievements": (
            "Ran the emergency operations centre through {2-5} major storms and a {3-10}-day "
            "power outage.",
            "Wrote continuity plans for {15-40} city departments.",
            "Designed and led {8-20} full-scale exercises with hospitals, utilities and schools.",
            "Set up a public warning system reaching {85-98}% of residents within {5-15} "
            "minutes.",
            "Opened and ran shelters for {1-6},000 evacuees during wildfire season.",
        ),
        "focus": ("emergency operations centres", "exercises that test real plans",
                  "keeping city services running in a crisis"),
    },
    "disaster risk reduction": {
        "titles": ("Hazard Mitigation Manager", "Floodplain Manager", "Resilience Officer",
                   "Building Official"),
        "specialist_titles": ("Disaster Risk Reduction Specialist", "Seismic Risk Engineer",
                              "Early Warning Systems Expert"),
        "skills": ("hazard mapping", "early warning systems", "seismic risk assessment",
                   "building code enforcement", "retrofit programme management",
                   "community-based disaster risk management",
                   "risk-informed land-use planning"),
        "achievements": (
            "Assessed the seismic vulnerability of {80-300} public buildings and ranked them "
            "for retrofit.",
            "Set up a flash flood early warning system with {20-60} rain and river gauges.",
            "Managed a ${10-40} million school retrofit programme across {20-60} buildings.",
            "Trained {30-90} barangay and ward committees in community-based risk management.",
            "Doubled building inspections, reaching {80-95}% of new permits.",
        ),
        "focus": ("seismic safety of public buildings", "early warning that reaches the last mile",
                  "risk-informed building control"),
    },
    "climate resilience": {
        "titles": ("Chief Resilience Officer", "Sustainability Director",
                   "Climate Adaptation Manager", "Environmental Planning Manager"),
        "specialist_titles": ("Climate Adaptation Specialist", "Climate Resilience Adviser",
                              "Nature-Based Solutions Expert"),
        "skills": ("climate adaptation planning", "flood risk mapping", "nature-based solutions",
                   "climate risk assessment", "coastal adaptation", "green infrastructure",
                   "heat action plans", "climate finance"),
        "achievements": (
            "Prepared a climate adaptation plan covering {4-9} river basins.",
            "Restored {20-80} hectares of wetland that now hold back a 1-in-{20-50}-year flood.",
            "Secured ${5-30} million of climate finance for coastal protection.",
            "Mapped flood risk for {50-200},000 residents and moved {2-6} schools out of the "
            "floodplain.",
            "Launched a heat action plan with cooling centres open to {10-40},000 people.",
        ),
        "focus": ("nature-based flood protection", "turning climate risk maps into budgets",
                  "coastal adaptation"),
    },
    "energy efficiency": {
        "titles": ("Energy Manager", "Facilities Director", "Sustainability Program Manager",
                   "Building Services Manager"),
        "specialist_titles": ("Energy Efficiency Specialist", "Building Energy Engineer",
                              "Energy Performance Contracting Adviser"),
        "skills": ("energy audits", "building energy retrofits", "energy performance contracting",
                   "street lighting upgrades", "renewable energy procurement",
                   "energy monitoring"),
        "achievements": (
            "Audited {40-120} municipal buildings and cut their energy bills by {18-35}%.",
            "Retrofitted {10-40} schools with insulation and new boilers, saving {1-4},000 MWh "
            "a year.",
            "Replaced {8-30},000 street lights with LEDs financed by the savings.",
            "Signed the city's first energy performance contract, worth ${2-9} million.",
            "Installed {1-6} MW of rooftop solar on public buildings.",
        ),
        "focus": ("energy audits that lead to retrofits", "financing efficiency from savings",
                  "warm, efficient schools"),
    },
    "public health": {
        "titles": ("Public Health Director", "Environmental Health Manager", "Health Officer",
                   "Director of Health and Human Services"),
        "specialist_titles": ("Public Health Specialist", "Environmental Health Adviser",
                              "Health Systems Consultant"),
        "skills": ("environmental health inspection", "food safety", "disease surveillance",
                   "health promotion", "vaccination campaigns", "inspection scheduling",
                   "community health workers"),
        "achievements": (
            "Ran a food safety programme inspecting {1-4},000 establishments a year with "
            "risk-based scheduling.",
            "Cut foodborne illness reports by {25-50}% in {2-4} years.",
            "Coordinated vaccination reaching {70-95}% of children in {10-30} wards.",
            "Trained {50-200} community health workers in household visits.",
            "Set up disease surveillance across {20-60} clinics.",
        ),
        "focus": ("food and market hygiene", "risk-based inspection",
                  "prevention in the community"),
    },
    "social services": {
        "titles": ("Human Services Director", "Social Services Manager",
                   "Director of Community Services", "Family Services Manager"),
        "specialist_titles": ("Social Protection Specialist", "Social Services Adviser",
                              "Refugee Response Coordinator"),
        "skills": ("social services case management", "community centre management",
                   "psychosocial support", "refugee integration", "elder care services",
                   "social assistance targeting", "youth services"),
        "achievements": (
            "Ran {4-12} community centres serving {5-15},000 residents a year.",
            "Introduced case management for {800-3000} vulnerable families.",
            "Coordinated services for {2-8},000 refugees with {10-25} NGOs.",
            "Opened an elder day-care programme for {150-500} seniors.",
            "Cut the average wait for assistance from {30-60} to {5-10} days.",
        ),
        "focus": ("case management", "services for refugees and host families",
                  "community centres as front doors"),
    },
    "human resources": {
        "titles": ("Human Resources Director", "Personnel Director", "Chief People Officer",
                   "HR Manager"),
        "specialist_titles": ("Civil Service Reform Specialist",
                              "Human Resource Management Adviser",
                              "Organisational Development Consultant"),
        "skills": ("job classification", "workforce planning", "performance appraisal",
                   "recruitment", "training needs assessment", "labour relations",
                   "HR information systems"),
        "achievements": (
            "Rebuilt a job classification system covering {800-3000} positions in {30-80} job "
            "families.",
            "Cut time to hire from {90-150} to {35-50} days.",
            "Negotiated {3-6} labour agreements without a strike.",
            "Introduced performance appraisals for {500-2000} staff with a training plan for "
            "each.",
            "Built a workforce plan for {200-800} expected retirements.",
        ),
        "focus": ("job classification and pay", "hiring on merit", "workforce planning"),
    },
    "performance management": {
        "titles": ("Performance Management Director", "Chief Performance Officer",
                   "Director of Strategic Management", "Senior Performance Analyst"),
        "specialist_titles": ("Performance Management Specialist",
                              "Results-Based Management Adviser",
                              "Monitoring and Evaluation Expert"),
        "skills": ("key performance indicators", "performance dashboards",
                   "service delivery standards", "benchmarking", "monitoring and evaluation",
                   "data analysis", "strategic planning"),
        "achievements": (
            "Built a performance dashboard with {30-80} indicators reviewed monthly by the mayor.",
            "Set service standards for {10-25} services and published results quarterly.",
            "Ran a benchmarking club of {12-40} municipalities comparing {20-50} indicators.",
            "Designed a results framework for a ${20-80} million municipal grants programme.",
            "Trained {40-120} managers in using data for decisions.",
        ),
        "focus": ("indicators managers use", "performance reviews that lead to action",
                  "benchmarking between cities"),
    },
    "asset management": {
        "titles": ("Asset Management Director", "Public Works Director",
                   "Facilities and Assets Manager", "City Engineer"),
        "specialist_titles": ("Infrastructure Asset Management Specialist",
                              "Municipal Infrastructure Adviser", "Capital Planning Consultant"),
        "skills": ("asset register", "capital improvement planning",
                   "infrastructure condition assessment", "life-cycle costing",
                   "maintenance planning", "damage assessment", "GIS"),
        "achievements": (
            "Built an asset register of {8-40},000 assets with condition ratings.",
            "Prepared a {5-10}-year capital improvement plan worth ${40-300} million.",
            "Cut emergency road repairs by {20-40}% with a preventive maintenance programme.",
            "Assessed {100-400} damaged public buildings after the earthquake within {6-12} "
            "weeks.",
            "Introduced life-cycle costing into every capital project above ${1-5} million.",
        ),
        "focus": ("capital plans based on condition data", "maintenance before replacement",
                  "knowing what the city owns"),
    },
    "utilities": {
        "titles": ("Utilities Director", "Electric Utility General Manager",
                   "Public Utilities Manager", "District Energy Manager"),
        "specialist_titles": ("Utility Regulation Specialist", "Utility Reform Adviser",
                              "District Heating Engineer"),
        "skills": ("utility tariff setting", "utility business planning", "district heating",
                   "utility regulation", "customer service", "billing and collection",
                   "commercialisation of utilities"),
        "achievements": (
            "Designed a tariff that brought the utility to cost recovery in {3-5} years.",
            "Prepared a business plan that secured ${10-40} million of lender financing.",
            "Raised bill collection from {55-70}% to {88-97}%.",
            "Modernised a district heating network serving {10-40},000 apartments.",
            "Cut customer complaints by {30-60}% with a new call centre.",
        ),
        "focus": ("cost-recovery tariffs", "utility business plans lenders accept",
                  "district heating"),
    },
    "parks and recreation": {
        "titles": ("Parks and Recreation Director", "Parks Superintendent", "Recreation Manager",
                   "Urban Forester"),
        "specialist_titles": ("Public Space Specialist", "Landscape Architect",
                              "Urban Greening Adviser"),
        "skills": ("park planning", "public space design", "community programming",
                   "urban forestry", "playground safety", "sports facility management"),
        "achievements": (
            "Opened {8-20} neighbourhood parks within a ten-minute walk of {80-95}% of "
            "residents.",
            "Planted {10-40},000 street trees with volunteers.",
            "Turned {4-12} vacant lots into community gardens and play spaces.",
            "Ran recreation programmes for {5-20},000 children a year.",
            "Redesigned a central plaza that now hosts {50-150} events a year.",
        ),
        "focus": ("parks within walking distance", "designing public spaces with residents",
                  "programming that brings people in"),
    },
    "gender and inclusion": {
        "titles": ("Equity and Inclusion Officer", "Diversity Director",
                   "Human Rights Commission Director", "Office of Equity Manager"),
        "specialist_titles": ("Gender Specialist", "Social Inclusion Adviser",
                              "Gender-Responsive Budgeting Expert"),
        "skills": ("gender-responsive budgeting", "leadership training for women councillors",
                   "gender audits", "social inclusion programmes", "disability inclusion",
                   "indigenous community engagement"),
        "achievements": (
            "Introduced gender-responsive budgeting in {4-12} departments.",
            "Trained {60-250} women councillors and candidates in leadership and negotiation.",
            "Ran gender audits of {10-30} municipalities and followed up their action plans.",
            "Made {30-120} public buildings accessible to wheelchair users.",
            "Raised women's share of municipal managers from {15-25}% to {35-45}%.",
        ),
        "focus": ("gender-responsive budgets", "women in local leadership",
                  "inclusion of people left out"),
    },
    "intergovernmental relations": {
        "titles": ("Intergovernmental Relations Director", "Government Affairs Manager",
                   "Regional Council Executive Director", "Director of Regional Cooperation"),
        "specialist_titles": ("Intergovernmental Relations Specialist",
                              "Multi-Level Governance Adviser",
                              "Regional Development Consultant"),
        "skills": ("inter-municipal cooperation", "shared service agreements",
                   "regional development agencies", "legislative advocacy",
                   "municipal associations", "regional planning"),
        "achievements": (
            "Negotiated shared service agreements among {6-15} municipalities, saving ${1-4} "
            "million a year.",
            "Ran a council of governments of {15-40} members for {5-10} years.",
            "Set up {2-5} regional development agencies with their own boards and budgets.",
            "Led the association's advocacy on {3-8} state laws affecting cities.",
            "Brokered a joint water authority serving {5-12} towns.",
        ),
        "focus": ("cooperation between municipalities", "shared services",
                  "speaking for cities to higher levels of government"),
    },
    "decentralization": {
        "titles": ("Intergovernmental Affairs Director", "Deputy City Manager",
                   "Assistant County Administrator",
                   "Policy and Intergovernmental Affairs Manager"),
        "specialist_titles": ("Decentralisation Specialist", "Fiscal Decentralisation Adviser",
                              "Local Government Reform Expert"),
        "skills": ("fiscal decentralisation", "intergovernmental fiscal transfers",
                   "fiscal equalisation", "local development planning",
                   "local revenue analysis", "participatory planning", "functional assignment"),
        "achievements": (
            "Negotiated a revenue-sharing formula that distributes ${50-400} million to {40-200} "
            "local governments.",
            "Helped draft regulations for the decentralisation law covering {10-30} functions.",
            "Supported {20-60} municipalities in preparing their first local development plans.",
            "Analysed own-source revenue and transfers of {50-150} local governments for a "
            "fiscal commission.",
            "Reviewed the split of functions between levels of government across {5-12} sectors "
            "for a reform commission.",
        ),
        "focus": ("fiscal transfers that reward effort",
                  "decentralisation that matches money to functions",
                  "local development planning"),
    },
}  # fmt: skip

# Coordinators' notes on a move to each status; declines have a note per reason.
EVENT_NOTES: dict[str, tuple[str, ...]] = {
    "suggested": (
        "Suggested by the ranking.",
        "Near the top of the ranking; strong sector match.",
        "Suggested by the ranking; relevant country experience.",
    ),
    "shortlisted": (
        "Strong match on the required skills; check dates with the partner.",
        "Relevant experience in the region.",
        "Shortlisted after a call: keen, and the dates work.",
        "Good references from the last peer exchange.",
    ),
    "invited": (
        "Invitation sent with the terms of reference.",
        "Invited after the partner reviewed the CV.",
        "Invited; the partner would like a call first.",
    ),
    "accepted": (
        "Accepted; travel dates to be confirmed.",
        "Accepted and signed the volunteer agreement.",
        "Accepted; the employer agreed to the leave.",
    ),
    "assigned": (
        "Confirmed by the partner; travel booked.",
        "Assignment letter signed by both sides.",
    ),
    "completed": (
        "Final report received; the partner was very satisfied.",
        "Completed both missions and delivered the report.",
        "Completed; the partner asked for a follow-up visit next year.",
    ),
    "withdrawn": (
        "Withdrew after a change at work.",
        "Withdrew for family reasons.",
        "Took a new job and cannot travel this year.",
    ),
}
DECLINE_NOTES: dict[str, str] = {
    "unavailable": "Cannot be away during that period.",
    "not_interested": "Prefers a longer assignment.",
    "skills_mismatch": "Experience is in larger cities than this one.",
    "language": "{language} is not yet strong enough for the work.",
    "conflict": "Advised this partner under a paid contract; cannot take it on.",
    "partner_choice": "The partner chose another candidate.",
    "other": "Family commitments this year.",
}
# The decline reason that goes with the rule a near miss fails.
MISS_REASONS: dict[str, str] = {
    "languages": "language",
    "availability": "unavailable",
    "conflicts": "conflict",
    "experience": "skills_mismatch",
    "mode": "unavailable",
    "engagement": "not_interested",
}

# The candidates of each assignment, by final status; decline reasons are chosen per person.
PIPELINES: dict[str, tuple[str, ...]] = {
    "ge-kutaisi-waste": ("completed", "completed", "declined", "withdrawn", "shortlisted"),
    "kg-osh-services": ("completed", "declined", "declined", "withdrawn"),
    "ge-kutaisi-budget": ("invited", "shortlisted", "shortlisted", "suggested", "suggested",
                          "declined"),
    "sn-ams-revenue": ("assigned", "accepted", "declined", "shortlisted", "suggested",
                       "suggested"),
    "jo-molg-kpi": ("accepted", "declined", "withdrawn", "shortlisted", "suggested"),
    "jo-molg-decentral": ("invited", "invited", "shortlisted", "suggested", "suggested",
                          "declined"),
    "co-tunja-tourism": ("shortlisted", "shortlisted", "suggested", "suggested"),
    "ua-lviv-housing": ("assigned", "assigned", "declined", "withdrawn", "shortlisted",
                        "suggested"),
    "md-mrd-equalisation": ("invited", "declined", "suggested", "suggested"),
    "ec-cuenca-nrw": ("accepted", "invited", "shortlisted", "declined", "suggested", "suggested"),
    "ec-cuenca-flood": ("shortlisted", "suggested", "suggested"),
    "ke-kisumu-markets": ("assigned", "invited", "declined", "shortlisted", "suggested",
                          "suggested"),
    "mz-maputo-ipra": ("invited", "shortlisted", "declined", "suggested"),
    "tn-fnvt-participatory": ("accepted", "accepted", "declined", "withdrawn", "suggested",
                              "suggested"),
    "np-kathmandu-landfill": ("assigned", "declined", "declined", "suggested"),
    "ph-cebu-eoc": ("assigned", "withdrawn", "declined", "shortlisted", "suggested"),
    "gh-nalag-procurement": ("invited", "shortlisted", "shortlisted", "suggested", "suggested",
                             "declined"),
}  # fmt: skip


def _languages(*specs: str) -> list[dict[str, str]]:
    """Spell ("fr:B2", ...) as FORMATS.md language objects."""
    return [{"code": code, "level": level} for code, level in (s.split(":") for s in specs)]


# Partner requests, each with its assignments as FORMATS.md records plus status and deadline;
# the partner and country of a request are those of its assignments.
REQUESTS: tuple[dict[str, Any], ...] = (
    {
        "partner": "Municipality of Kutaisi",
        "country": "GE",
        "title": "Programme budgeting and a five-year capital investment plan",
        "sector": "budgeting",
        "status": "in_progress",
        "received_on": "2026-06-12",
        "description": (
            "The Mayor's Office asks for peers who have run a city budget to help the Finance "
            "Service make programme budgeting real and to tie capital spending to a plan."
        ),
        "assignments": (
            {
                "id": "ge-kutaisi-budget",
                "title": "Programme budgeting adviser",
                "description": (
                    "Kutaisi moved to programme budgeting on paper in 2023, but our 41 "
                    "programmes still mirror the old line items and the council cannot see what "
                    "it buys. We need a peer who has prepared a city budget to work with our "
                    "Finance Service on programme structures, indicators and a budget calendar "
                    "the council can follow. Two visits to Kutaisi and video sessions in "
                    "between; our staff work in English and Russian, and we provide a Georgian "
                    "interpreter for council hearings."
                ),
                "sector": "budgeting",
                "required_skills": ["programme-based budgeting", "municipal budget preparation"],
                "preferred_skills": ["budget transparency", "training finance staff"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-03-01",
                "end": "2027-05-31",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2027-01-15",
            },
            {
                "id": "ge-kutaisi-capital",
                "title": "Capital investment plan and asset register",
                "description": (
                    "Every year roads, kindergartens and street lighting compete for the same "
                    "18 million lari of capital money, and we decide project by project. We "
                    "want a five-year capital investment plan based on a register of what the "
                    "city owns and the condition it is in. The adviser would help our "
                    "Infrastructure Service set up the register, agree scoring criteria with "
                    "the council and cost the first plan."
                ),
                "sector": "asset management",
                "required_skills": ["capital improvement planning", "asset register"],
                "preferred_skills": ["infrastructure condition assessment", "life-cycle costing"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-04-05",
                "end": "2027-06-25",
                "mode": "in_country",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-02-05",
            },
        ),
    },
    {
        "partner": "Municipality of Kutaisi",
        "country": "GE",
        "title": "Waste collection routes and a transfer station",
        "sector": "solid waste",
        "status": "closed",
        "received_on": "2025-11-03",
        "description": (
            "The city's waste company asks for help to reorganise collection after the old "
            "dump site closed and trucks now drive 40 km to the regional landfill."
        ),
        "assignments": (
            {
                "id": "ge-kutaisi-waste",
                "title": "Solid waste collection optimisation",
                "description": (
                    "Since the Nikea dump closed, our trucks drive to the regional landfill and "
                    "half of the fleet's time is spent on the road. We need two practitioners "
                    "to redesign collection routes and schedules, advise on a small transfer "
                    "station and help us explain a new waste fee to households. Work is in "
                    "Kutaisi with our operations team, in English with an interpreter."
                ),
                "sector": "solid waste",
                "required_skills": [
                    "waste collection route optimisation",
                    "transfer station operations",
                ],
                "preferred_skills": ["fleet management", "tariff setting"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2026-04-06",
                "end": "2026-06-26",
                "mode": "in_country",
                "positions": 2,
                "min_years": 8,
                "status": "closed",
                "deadline": "2026-02-13",
            },
        ),
    },
    {
        "partner": "Association of Municipalities of Senegal",
        "country": "SN",
        "title": "Own-source revenue for member communes",
        "sector": "revenue and taxation",
        "status": "in_progress",
        "received_on": "2026-07-20",
        "description": (
            "The Association asks for support to raise local tax collection in secondary "
            "cities and to specify a shared digital collection system for its members."
        ),
        "assignments": (
            {
                "id": "sn-ams-revenue",
                "title": "Local tax census and collection in secondary cities",
                "description": (
                    "Our member communes collect less than 40 percent of the local taxes they "
                    "levy, and most properties and businesses are on no list at all. We ask for "
                    "two experienced revenue managers to help Thiès and Kaolack run a taxpayer "
                    "census, clean their registers and set up collection with the Treasury. "
                    "Work is in French with municipal staff and collectors; the experts will "
                    "spend most of their time in the two cities."
                ),
                "sector": "revenue and taxation",
                "required_skills": ["property tax administration", "taxpayer registry"],
                "preferred_skills": ["revenue forecasting", "mobile money payments"],
                "languages": _languages("fr:B2"),
                "engagement": "pro_bono",
                "start": "2027-02-01",
                "end": "2027-04-30",
                "mode": "in_country",
                "positions": 2,
                "min_years": 8,
                "status": "published",
                "deadline": "2026-12-18",
            },
            {
                "id": "sn-ams-digital",
                "title": "Digital revenue collection system",
                "description": (
                    "Several communes have bought collection software that no longer talks to "
                    "the Treasury's system. The Association wants one specification that every "
                    "member can use to buy or share a system, with mobile money payments and "
                    "receipts. We are looking for a specialist to write the functional "
                    "requirements with our working group, remotely and in French."
                ),
                "sector": "e-government",
                "required_skills": [
                    "revenue management information systems",
                    "systems requirements specification",
                ],
                "preferred_skills": ["mobile money payments", "data protection"],
                "languages": _languages("fr:B2"),
                "engagement": "paid",
                "start": "2027-03-01",
                "end": "2027-08-31",
                "mode": "remote",
                "positions": 1,
                "min_years": 6,
                "status": "published",
                "deadline": "2027-01-10",
            },
        ),
    },
    {
        "partner": "Ministry of Local Government",
        "country": "JO",
        "title": "Municipal performance, people and local development plans",
        "sector": "performance management",
        "status": "in_progress",
        "received_on": "2026-05-28",
        "description": (
            "The Ministry asks for advisers to support its municipal reform programme: "
            "performance indicators, human resources and development planning under the "
            "decentralisation law."
        ),
        "assignments": (
            {
                "id": "jo-molg-kpi",
                "title": "Municipal performance indicators framework",
                "description": (
                    "The Ministry compares 100 municipalities with indicators that nobody uses "
                    "to take decisions. We want a short set of service indicators, a dashboard "
                    "that mayors and the Ministry review each quarter, and a way to check the "
                    "data. The adviser works with the Municipal Performance Unit in Amman and "
                    "visits three pilot municipalities; meetings are in Arabic."
                ),
                "sector": "performance management",
                "required_skills": ["key performance indicators", "performance dashboards"],
                "preferred_skills": ["service delivery standards"],
                "languages": _languages("ar:B2"),
                "engagement": "paid",
                "start": "2027-01-17",
                "end": "2027-06-30",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2026-12-20",
            },
            {
                "id": "jo-molg-hr",
                "title": "Human resources reform in municipalities",
                "description": (
                    "Municipal staffing grew with little planning, and job titles no longer say "
                    "what people do. We ask for an HR director who has reorganised a city "
                    "workforce to advise on job classification, a workforce plan and "
                    "appraisals for three municipalities in the north. The work is in Arabic; "
                    "English is used with the donor."
                ),
                "sector": "human resources",
                "required_skills": ["job classification", "workforce planning"],
                "preferred_skills": ["performance appraisal"],
                "languages": _languages("ar:B2"),
                "engagement": "pro_bono",
                "start": "2027-03-07",
                "end": "2027-05-27",
                "mode": "in_country",
                "positions": 1,
                "min_years": 12,
                "status": "published",
                "deadline": "2027-01-20",
            },
            {
                "id": "jo-molg-decentral",
                "title": "Local development planning under the decentralisation law",
                "description": (
                    "Governorate and municipal councils must now prepare development plans and "
                    "budgets together, and most have never done it. Two specialists will coach "
                    "councils in Mafraq and Karak through one planning cycle and help the "
                    "Ministry turn the experience into guidelines. Arabic is needed for the "
                    "councils and English for the reports."
                ),
                "sector": "decentralization",
                "required_skills": ["local development planning", "fiscal decentralisation"],
                "preferred_skills": ["participatory planning"],
                "languages": _languages("ar:B2", "en:C1"),
                "engagement": "paid",
                "start": "2027-02-14",
                "end": "2027-07-29",
                "mode": "in_country",
                "positions": 2,
                "min_years": 12,
                "status": "published",
                "deadline": "2027-01-05",
            },
        ),
    },
    {
        "partner": "Municipality of Tunja",
        "country": "CO",
        "title": "The historic centre: visitors and mobility",
        "sector": "tourism",
        "status": "in_progress",
        "received_on": "2026-08-04",
        "description": (
            "The Alcaldía asks for help to grow heritage tourism without emptying the historic "
            "centre, and to plan its streets for people on foot."
        ),
        "assignments": (
            {
                "id": "co-tunja-tourism",
                "title": "Heritage tourism strategy",
                "description": (
                    "Tunja has one of the oldest colonial centres in the Americas, yet most "
                    "visitors stay a few hours on their way to Villa de Leyva. We want a "
                    "tourism strategy that keeps them overnight, built with hotels, churches "
                    "and museums, and a way to measure it. The work is in Spanish with our "
                    "Secretariat of Culture and Tourism; part of it can be done remotely."
                ),
                "sector": "tourism",
                "required_skills": ["destination management", "heritage tourism"],
                "preferred_skills": ["tourism statistics", "public-private partnerships"],
                "languages": _languages("es:B2"),
                "engagement": "pro_bono",
                "start": "2027-02-15",
                "end": "2027-05-14",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-01-08",
            },
            {
                "id": "co-tunja-centre",
                "title": "Historic centre mobility and land-use plan",
                "description": (
                    "Cars, buses and delivery trucks fill the streets around the Plaza de "
                    "Bolívar, and upper floors stand empty. We ask for two planners to help "
                    "our Planning Office prepare a plan for pedestrian streets, parking and "
                    "housing in the historic centre, and to take it through public hearings. "
                    "Spanish is essential."
                ),
                "sector": "urban planning",
                "required_skills": ["land-use planning", "historic district planning"],
                "preferred_skills": ["parking management", "pedestrianisation"],
                "languages": _languages("es:B2"),
                "engagement": "pro_bono",
                "start": "2027-04-05",
                "end": "2027-07-02",
                "mode": "in_country",
                "positions": 2,
                "min_years": 10,
                "status": "published",
                "deadline": "2027-02-12",
            },
        ),
    },
    {
        "partner": "City of Lviv",
        "country": "UA",
        "title": "Housing and recovery for displaced families",
        "sector": "housing",
        "status": "in_progress",
        "received_on": "2026-04-15",
        "description": (
            "The City Council asks for experts to help house displaced families for the long "
            "term, keep emergency operations ready and keep track of damaged buildings."
        ),
        "assignments": (
            {
                "id": "ua-lviv-housing",
                "title": "Social housing programme for displaced families",
                "description": (
                    "More than 150,000 displaced people live in Lviv, many still in dormitories "
                    "and schools. We need two housing specialists to help design a social "
                    "rental programme: who qualifies, how rents and subsidies are set, and how "
                    "to use modular and renovated buildings. Our team works in English with "
                    "donors; Ukrainian is a plus."
                ),
                "sector": "housing",
                "required_skills": ["social housing programmes", "housing needs assessment"],
                "preferred_skills": ["rental subsidies", "modular housing"],
                "languages": _languages("en:C1"),
                "engagement": "paid",
                "start": "2027-01-11",
                "end": "2027-06-30",
                "mode": "hybrid",
                "positions": 2,
                "min_years": 10,
                "status": "published",
                "deadline": "2026-12-11",
            },
            {
                "id": "ua-lviv-shelters",
                "title": "Civil protection shelters and emergency operations",
                "description": (
                    "Air-raid alerts, power cuts and the arrival of evacuees test our "
                    "emergency operations every week. We ask for an emergency manager to "
                    "review how our operations centre runs, help the departments write "
                    "continuity plans and design an exercise with the utilities. Mostly remote, "
                    "with one visit if conditions allow."
                ),
                "sector": "emergency management",
                "required_skills": [
                    "emergency operations centre management",
                    "continuity of operations planning",
                ],
                "preferred_skills": ["public warning systems"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-02-01",
                "end": "2027-04-30",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 12,
                "status": "published",
                "deadline": "2026-12-31",
            },
            {
                "id": "ua-lviv-assets",
                "title": "Register of damaged municipal buildings",
                "description": (
                    "We need one register of the schools, clinics and housing the city owns, "
                    "with their damage and repair costs, so that donors and the city fund the "
                    "same priorities. The specialist would set up the register with our "
                    "engineers and train them to keep it up to date. Ukrainian is needed to "
                    "work with site engineers."
                ),
                "sector": "asset management",
                "required_skills": ["asset register", "damage assessment"],
                "preferred_skills": ["GIS"],
                "languages": _languages("uk:B2"),
                "engagement": "paid",
                "start": "2027-05-03",
                "end": "2027-09-30",
                "mode": "in_country",
                "positions": 1,
                "min_years": 8,
                "status": "draft",
                "deadline": None,
            },
        ),
    },
    {
        "partner": "Ministry of Regional Development",
        "country": "MD",
        "title": "Inter-municipal cooperation and fiscal equalisation",
        "sector": "intergovernmental relations",
        "status": "in_progress",
        "received_on": "2026-03-30",
        "description": (
            "The Ministry asks for advice on letting small municipalities share services and "
            "on a fairer formula for transfers to local governments."
        ),
        "assignments": (
            {
                "id": "md-mrd-imc",
                "title": "Inter-municipal cooperation framework",
                "description": (
                    "Moldova has almost 900 local governments, most with fewer than 3,000 "
                    "people, too small to run services alone. We ask for an experienced "
                    "practitioner to help draft a framework for shared service agreements and "
                    "to pilot it with two clusters of villages. Working language with the "
                    "Ministry team is English."
                ),
                "sector": "intergovernmental relations",
                "required_skills": ["inter-municipal cooperation", "shared service agreements"],
                "preferred_skills": ["regional development agencies"],
                "languages": _languages("en:C1"),
                "engagement": "pro_bono",
                "start": "2027-03-01",
                "end": "2027-05-31",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 12,
                "status": "published",
                "deadline": "2027-01-22",
            },
            {
                "id": "md-mrd-equalisation",
                "title": "Fiscal equalisation formula for local governments",
                "description": (
                    "The equalisation formula has not changed since 2015 and rewards "
                    "municipalities that collect less. We need a specialist to model options "
                    "with the Ministry of Finance data and explain them to the association of "
                    "local authorities. The work is remote and in Romanian."
                ),
                "sector": "decentralization",
                "required_skills": ["intergovernmental fiscal transfers", "fiscal equalisation"],
                "preferred_skills": ["local revenue analysis"],
                "languages": _languages("ro:B2"),
                "engagement": "paid",
                "start": "2027-02-01",
                "end": "2027-05-31",
                "mode": "remote",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2026-12-20",
            },
        ),
    },
    {
        "partner": "City of Cuenca",
        "country": "EC",
        "title": "Water losses and river flood risk",
        "sector": "water and sanitation",
        "status": "in_progress",
        "received_on": "2026-07-02",
        "description": (
            "The city and its utility ask for help to cut water losses and to plan for floods "
            "along the four rivers that cross Cuenca."
        ),
        "assignments": (
            {
                "id": "ec-cuenca-nrw",
                "title": "Non-revenue water reduction",
                "description": (
                    "Our utility loses about a third of the water it treats, mostly in old "
                    "pipes of the historic centre. We ask for two water managers to help set "
                    "up district metered areas, plan pressure management and train our crews "
                    "to find leaks. All work is in Spanish with the utility's engineers, in "
                    "Cuenca."
                ),
                "sector": "water and sanitation",
                "required_skills": ["non-revenue water reduction", "district metered areas"],
                "preferred_skills": ["pressure management", "water utility management"],
                "languages": _languages("es:B2"),
                "engagement": "pro_bono",
                "start": "2027-03-01",
                "end": "2027-05-28",
                "mode": "in_country",
                "positions": 2,
                "min_years": 10,
                "status": "published",
                "deadline": "2027-01-15",
            },
            {
                "id": "ec-cuenca-flood",
                "title": "Flood risk plan for the four rivers",
                "description": (
                    "The Tomebamba, Yanuncay, Tarqui and Machángara flood more often than our "
                    "maps say. We want a flood risk plan that updates the maps, protects the "
                    "river parks as natural flood plains and tells the Planning Department "
                    "where not to build. The specialist works with our environment team, in "
                    "Spanish, partly from Cuenca."
                ),
                "sector": "climate resilience",
                "required_skills": ["flood risk mapping", "nature-based solutions"],
                "preferred_skills": ["climate adaptation planning"],
                "languages": _languages("es:B2"),
                "engagement": "paid",
                "start": "2027-01-18",
                "end": "2027-06-18",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2026-12-14",
            },
        ),
    },
    {
        "partner": "Municipality of Durrës",
        "country": "AL",
        "title": "Safer buildings and a better beach season",
        "sector": "disaster risk reduction",
        "status": "in_progress",
        "received_on": "2026-06-22",
        "description": (
            "Durrës asks for help to make public buildings safe after the 2019 earthquake and "
            "to manage the crowds on its beaches in summer."
        ),
        "assignments": (
            {
                "id": "al-durres-retrofit",
                "title": "Seismic safety of public buildings",
                "description": (
                    "The 2019 earthquake damaged many schools and offices, and we still do not "
                    "know which buildings to strengthen first. We need an engineer to rank our "
                    "public buildings by seismic risk, set up a retrofit programme and help "
                    "our building inspectors enforce the code on new construction. English is "
                    "the working language with our engineers."
                ),
                "sector": "disaster risk reduction",
                "required_skills": ["seismic risk assessment", "building code enforcement"],
                "preferred_skills": ["retrofit programme management"],
                "languages": _languages("en:B2"),
                "engagement": "paid",
                "start": "2027-02-08",
                "end": "2027-06-25",
                "mode": "in_country",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2026-12-18",
            },
            {
                "id": "al-durres-beach",
                "title": "Beach tourism management plan",
                "description": (
                    "In July and August the population of Durrës triples, and the beach, "
                    "parking and waste services cannot keep up. We ask for a tourism manager to "
                    "help write a visitor management plan and fair rules for beach concessions "
                    "before the 2027 season. The work is in Durrës, in English."
                ),
                "sector": "tourism",
                "required_skills": ["destination management", "visitor management"],
                "preferred_skills": ["concession management"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-03-15",
                "end": "2027-05-14",
                "mode": "in_country",
                "positions": 1,
                "min_years": 6,
                "status": "published",
                "deadline": "2027-02-01",
            },
        ),
    },
    {
        "partner": "Kisumu County",
        "country": "KE",
        "title": "Markets and sanitation on the lakefront",
        "sector": "local economic development",
        "status": "in_progress",
        "received_on": "2026-05-10",
        "description": (
            "The County Government asks for help to run its new markets well and to build a "
            "sanitation service for neighbourhoods without sewers."
        ),
        "assignments": (
            {
                "id": "ke-kisumu-markets",
                "title": "Market management and trader licensing",
                "description": (
                    "Kisumu has opened two new markets, but many traders stay on the roadside "
                    "and fees go uncollected. We ask for two practitioners who have run public "
                    "markets to help our Trade Department with stall allocation, a simple "
                    "licence and fee system, and a committee where traders have a say. "
                    "English is fine; Swahili helps with traders."
                ),
                "sector": "local economic development",
                "required_skills": ["public market management", "business licensing"],
                "preferred_skills": ["informal sector engagement"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-01-25",
                "end": "2027-04-23",
                "mode": "in_country",
                "positions": 2,
                "min_years": 8,
                "status": "published",
                "deadline": "2026-12-15",
            },
            {
                "id": "ke-kisumu-sludge",
                "title": "Faecal sludge management service",
                "description": (
                    "Most of Kisumu's informal settlements rely on pit latrines that are "
                    "emptied by hand and dumped in the lake basin. We need a sanitation "
                    "specialist to design a scheduled emptying service with the water company, "
                    "including tariffs and licensed operators, and to site a treatment plant."
                ),
                "sector": "water and sanitation",
                "required_skills": ["faecal sludge management", "sanitation service delivery"],
                "preferred_skills": ["sanitation tariffs"],
                "languages": _languages("en:B2"),
                "engagement": "paid",
                "start": "2027-02-15",
                "end": "2027-07-30",
                "mode": "in_country",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2026-12-31",
            },
        ),
    },
    {
        "partner": "Maputo Municipal Council",
        "country": "MZ",
        "title": "Property tax and the cadastre",
        "sector": "revenue and taxation",
        "status": "in_progress",
        "received_on": "2026-06-01",
        "description": (
            "The Council asks for support to value properties for the municipal property tax "
            "and to bring the cadastre up to date."
        ),
        "assignments": (
            {
                "id": "mz-maputo-ipra",
                "title": "Property tax valuation roll",
                "description": (
                    "Maputo's property tax is based on values from 2009, and most new houses "
                    "are not on the roll. We ask for a revenue practitioner to help our "
                    "Finance Directorate design a simple valuation method and plan the new "
                    "valuation roll. Portuguese is essential; part of the work can be done "
                    "remotely."
                ),
                "sector": "revenue and taxation",
                "required_skills": ["property valuation", "property tax administration"],
                "preferred_skills": ["mass appraisal"],
                "languages": _languages("pt:B2"),
                "engagement": "pro_bono",
                "start": "2027-02-01",
                "end": "2027-05-28",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2026-12-18",
            },
            {
                "id": "mz-maputo-cadastre",
                "title": "Municipal cadastre update",
                "description": (
                    "Our cadastre covers less than half of the city's plots and is not linked "
                    "to land titles or to tax. We need a cadastre specialist to plan the "
                    "update of KaMubukwana and KaMavota districts, choose survey methods and "
                    "set up the land information system with our GIS unit, in Portuguese."
                ),
                "sector": "land management",
                "required_skills": ["cadastral surveying", "land information systems"],
                "preferred_skills": ["land tenure regularisation"],
                "languages": _languages("pt:B2"),
                "engagement": "paid",
                "start": "2027-03-01",
                "end": "2027-08-31",
                "mode": "in_country",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-01-15",
            },
        ),
    },
    {
        "partner": "Maputo Municipal Council",
        "country": "MZ",
        "title": "Coastal adaptation on the Costa do Sol",
        "sector": "climate resilience",
        "status": "new",
        "received_on": "2026-10-19",
        "description": (
            "The Council asks for help to protect the Costa do Sol from erosion and storm surges."
        ),
        "assignments": (
            {
                "id": "mz-maputo-coast",
                "title": "Coastal erosion and adaptation plan",
                "description": (
                    "The sea is eating the Costa do Sol road and homes in Catembe; each "
                    "cyclone season takes more. We want an adaptation plan that weighs "
                    "seawalls against mangroves and dunes, with costs the Council can take to "
                    "donors. The specialist works with our environment department in "
                    "Portuguese."
                ),
                "sector": "climate resilience",
                "required_skills": ["coastal adaptation", "climate risk assessment"],
                "preferred_skills": ["nature-based solutions"],
                "languages": _languages("pt:B1"),
                "engagement": "paid",
                "start": "2027-06-01",
                "end": "2027-10-29",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 10,
                "status": "draft",
                "deadline": None,
            },
        ),
    },
    {
        "partner": "National Federation of Tunisian Cities",
        "country": "TN",
        "title": "Participation and inclusion in municipal councils",
        "sector": "citizen engagement",
        "status": "in_progress",
        "received_on": "2026-05-18",
        "description": (
            "The Federation asks for peers to help municipalities involve residents in budget "
            "choices and support women elected to municipal councils."
        ),
        "assignments": (
            {
                "id": "tn-fnvt-participatory",
                "title": "Participatory budgeting in five municipalities",
                "description": (
                    "The local government code requires municipalities to consult residents on "
                    "investment, but meetings draw few people and the same voices. We ask for "
                    "two practitioners who have run participatory budgeting to coach five "
                    "municipalities through one cycle, from neighbourhood meetings to the vote. "
                    "Meetings are in French and Arabic; French is enough for the experts."
                ),
                "sector": "citizen engagement",
                "required_skills": ["participatory budgeting", "public consultation"],
                "preferred_skills": ["citizen feedback platforms"],
                "languages": _languages("fr:B2"),
                "engagement": "pro_bono",
                "start": "2027-03-01",
                "end": "2027-04-30",
                "mode": "in_country",
                "positions": 2,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-01-12",
            },
            {
                "id": "tn-fnvt-women",
                "title": "Women in municipal councils",
                "description": (
                    "Nearly half of our councillors are women, but few chair committees or "
                    "stand again. We want a practitioner to design a leadership programme with "
                    "our women councillors' network and to help two municipalities look at "
                    "their budgets through a gender lens. French is needed; Arabic is welcome."
                ),
                "sector": "gender and inclusion",
                "required_skills": [
                    "gender-responsive budgeting",
                    "leadership training for women councillors",
                ],
                "preferred_skills": ["gender audits"],
                "languages": _languages("fr:B2"),
                "engagement": "pro_bono",
                "start": "2027-04-12",
                "end": "2027-06-25",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 6,
                "status": "published",
                "deadline": "2027-02-15",
            },
        ),
    },
    {
        "partner": "Kathmandu Metropolitan City",
        "country": "NP",
        "title": "Landfill closure and food hygiene",
        "sector": "solid waste",
        "status": "in_progress",
        "received_on": "2026-07-27",
        "description": (
            "The Metropolitan City asks for help to close the Sisdol landfill safely and to "
            "improve food inspection in its markets."
        ),
        "assignments": (
            {
                "id": "np-kathmandu-landfill",
                "title": "Landfill closure and transfer station",
                "description": (
                    "Sisdol landfill is full and the villages around it block the road every "
                    "few months. We need a solid waste engineer to plan its closure, design a "
                    "transfer station in the valley and include the waste pickers who work "
                    "there. The work is in Kathmandu, in English with our Environment "
                    "Department."
                ),
                "sector": "solid waste",
                "required_skills": ["landfill closure", "transfer station operations"],
                "preferred_skills": ["waste picker inclusion"],
                "languages": _languages("en:B2"),
                "engagement": "paid",
                "start": "2027-02-01",
                "end": "2027-06-30",
                "mode": "in_country",
                "positions": 1,
                "min_years": 12,
                "status": "published",
                "deadline": "2026-12-22",
            },
            {
                "id": "np-kathmandu-health",
                "title": "Food and market hygiene inspection",
                "description": (
                    "Our public health section inspects restaurants and markets when there is "
                    "a complaint, not by risk. We ask for an environmental health manager to "
                    "help set up risk-based inspections, checklists and a schedule our twelve "
                    "inspectors can keep. English is the working language."
                ),
                "sector": "public health",
                "required_skills": ["environmental health inspection", "food safety"],
                "preferred_skills": ["inspection scheduling"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-03-15",
                "end": "2027-05-31",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-02-05",
            },
        ),
    },
    {
        "partner": "Cebu City Government",
        "country": "PH",
        "title": "Typhoon and flash flood preparedness",
        "sector": "emergency management",
        "status": "in_progress",
        "received_on": "2026-02-20",
        "description": (
            "The city's disaster risk reduction office asks for help to run its new emergency "
            "operations centre and to warn mountain barangays of flash floods."
        ),
        "assignments": (
            {
                "id": "ph-cebu-eoc",
                "title": "Emergency operations centre set-up",
                "description": (
                    "After Typhoon Odette the city built a new operations centre, but "
                    "departments still report by text message and radio. We need an emergency "
                    "manager to set up procedures, the incident command structure and a first "
                    "exercise before the typhoon season. The work is in Cebu, in English."
                ),
                "sector": "emergency management",
                "required_skills": [
                    "emergency operations centre management",
                    "incident command system",
                ],
                "preferred_skills": ["exercise design"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-01-18",
                "end": "2027-03-26",
                "mode": "in_country",
                "positions": 1,
                "min_years": 12,
                "status": "published",
                "deadline": "2026-12-04",
            },
            {
                "id": "ph-cebu-warning",
                "title": "Early warning for flash floods",
                "description": (
                    "Flash floods reach the river barangays within an hour of heavy rain in "
                    "the hills. We want a specialist to map the hazard, place rain and river "
                    "gauges and agree with barangay captains who warns whom. English is the "
                    "working language; Cebuano speakers in our team will translate."
                ),
                "sector": "disaster risk reduction",
                "required_skills": ["early warning systems", "hazard mapping"],
                "preferred_skills": ["community-based disaster risk management"],
                "languages": _languages("en:B2"),
                "engagement": "paid",
                "start": "2027-05-03",
                "end": "2027-09-30",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-02-26",
            },
        ),
    },
    {
        "partner": "Municipality of Gyumri",
        "country": "AM",
        "title": "Warm schools and a heating utility",
        "sector": "energy efficiency",
        "status": "in_progress",
        "received_on": "2026-08-17",
        "description": (
            "Gyumri asks for help to retrofit its schools and kindergartens and to plan a "
            "municipal heating service."
        ),
        "assignments": (
            {
                "id": "am-gyumri-schools",
                "title": "Energy retrofits of schools and kindergartens",
                "description": (
                    "Many of our schools are heated for only a few hours a day because we "
                    "cannot pay for more gas. We need an energy engineer to audit 20 schools "
                    "and kindergartens, rank retrofits and prepare a performance contract "
                    "tender. Our engineers work in Armenian and Russian; Russian is required."
                ),
                "sector": "energy efficiency",
                "required_skills": ["energy audits", "building energy retrofits"],
                "preferred_skills": ["energy performance contracting"],
                "languages": _languages("ru:B2"),
                "engagement": "paid",
                "start": "2027-04-01",
                "end": "2027-08-31",
                "mode": "in_country",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-01-29",
            },
            {
                "id": "am-gyumri-heat",
                "title": "Heating utility business plan",
                "description": (
                    "We plan to create a small municipal company to heat public buildings and "
                    "nearby apartment blocks. We ask for a utility manager to help us write "
                    "its business plan and tariff so that lenders will consider it. The work "
                    "is in English, mostly by video with one visit."
                ),
                "sector": "utilities",
                "required_skills": ["utility tariff setting", "utility business planning"],
                "preferred_skills": ["district heating"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-05-03",
                "end": "2027-07-30",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2027-02-26",
            },
        ),
    },
    {
        "partner": "National Association of Local Authorities of Ghana",
        "country": "GH",
        "title": "Clean procurement in district assemblies",
        "sector": "procurement",
        "status": "in_progress",
        "received_on": "2026-06-08",
        "description": (
            "NALAG asks for help to bring district assemblies onto e-procurement and to make "
            "their internal audit units effective."
        ),
        "assignments": (
            {
                "id": "gh-nalag-procurement",
                "title": "E-procurement for district assemblies",
                "description": (
                    "The national e-procurement system is now mandatory, but most assemblies "
                    "still run paper tenders alongside it. We ask for two procurement "
                    "practitioners to coach procurement units in six assemblies, adapt our "
                    "manual and help with contract management after award."
                ),
                "sector": "procurement",
                "required_skills": ["public procurement", "e-procurement systems"],
                "preferred_skills": ["contract management"],
                "languages": _languages("en:B2"),
                "engagement": "pro_bono",
                "start": "2027-02-01",
                "end": "2027-04-30",
                "mode": "hybrid",
                "positions": 2,
                "min_years": 10,
                "status": "published",
                "deadline": "2026-12-18",
            },
            {
                "id": "gh-nalag-audit",
                "title": "Internal audit units",
                "description": (
                    "Every assembly has an internal audit unit, but their reports rarely reach "
                    "the audit committee and findings come back year after year. We need an "
                    "audit specialist to set up risk-based audit plans and follow-up in eight "
                    "assemblies and train their auditors."
                ),
                "sector": "anti-corruption",
                "required_skills": ["internal audit", "fraud risk assessment"],
                "preferred_skills": ["audit committees"],
                "languages": _languages("en:B2"),
                "engagement": "paid",
                "start": "2027-03-01",
                "end": "2027-07-30",
                "mode": "in_country",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2027-01-15",
            },
        ),
    },
    {
        "partner": "Osh City Hall",
        "country": "KG",
        "title": "Citizen services and public transport",
        "sector": "e-government",
        "status": "in_progress",
        "received_on": "2025-10-14",
        "description": (
            "The City Hall asks for help to open a one-stop shop for residents and to reform "
            "its bus routes."
        ),
        "assignments": (
            {
                "id": "kg-osh-services",
                "title": "One-stop shop for citizen services",
                "description": (
                    "Residents visit up to five offices for a building permit or a business "
                    "registration. We ask for a practitioner who has opened a one-stop shop to "
                    "help us redesign the ten most common services and train the front-desk "
                    "staff. The work is in Osh, in Russian."
                ),
                "sector": "e-government",
                "required_skills": ["one-stop shop design", "service process redesign"],
                "preferred_skills": ["e-services"],
                "languages": _languages("ru:B2"),
                "engagement": "pro_bono",
                "start": "2026-05-04",
                "end": "2026-07-31",
                "mode": "in_country",
                "positions": 1,
                "min_years": 8,
                "status": "closed",
                "deadline": "2026-02-27",
            },
            {
                "id": "kg-osh-buses",
                "title": "Bus route network reform",
                "description": (
                    "Over 60 minibus routes overlap in the centre while new districts have "
                    "none. We need a transport planner to redesign the network with our "
                    "transport department, plan larger buses on the main corridors and "
                    "prepare a cashless fare system. Russian is required."
                ),
                "sector": "transportation",
                "required_skills": [
                    "public transport network planning",
                    "bus route rationalisation",
                ],
                "preferred_skills": ["fare collection systems"],
                "languages": _languages("ru:B2"),
                "engagement": "paid",
                "start": "2027-03-01",
                "end": "2027-08-31",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 10,
                "status": "published",
                "deadline": "2027-01-22",
            },
        ),
    },
    {
        "partner": "Greater Irbid Municipality",
        "country": "JO",
        "title": "Public spaces and community services for host communities",
        "sector": "parks and recreation",
        "status": "in_progress",
        "received_on": "2026-09-07",
        "description": (
            "Irbid asks for help to build small parks in crowded neighbourhoods and to run "
            "community centres shared by refugees and host families."
        ),
        "assignments": (
            {
                "id": "jo-irbid-parks",
                "title": "Neighbourhood parks and public spaces",
                "description": (
                    "Our population has grown by a third since 2012 and children play in the "
                    "streets. We ask for a parks practitioner to help us design five small "
                    "neighbourhood parks with residents and plan how to run them. Arabic is "
                    "needed for the community meetings."
                ),
                "sector": "parks and recreation",
                "required_skills": ["park planning", "public space design"],
                "preferred_skills": ["community programming"],
                "languages": _languages("ar:B1"),
                "engagement": "pro_bono",
                "start": "2027-04-04",
                "end": "2027-06-24",
                "mode": "in_country",
                "positions": 1,
                "min_years": 8,
                "status": "published",
                "deadline": "2027-02-19",
            },
            {
                "id": "jo-irbid-social",
                "title": "Community centres for refugees and host families",
                "description": (
                    "Two community centres funded by donors will pass to the municipality next "
                    "year. We need a social services manager to help us plan staffing, case "
                    "management and programmes that both refugees and host families use. "
                    "Arabic is required."
                ),
                "sector": "social services",
                "required_skills": [
                    "social services case management",
                    "community centre management",
                ],
                "preferred_skills": ["psychosocial support"],
                "languages": _languages("ar:B2"),
                "engagement": "pro_bono",
                "start": "2027-05-02",
                "end": "2027-07-29",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 8,
                "status": "draft",
                "deadline": None,
            },
        ),
    },
    {
        "partner": "Municipality of Quetzaltenango",
        "country": "GT",
        "title": "Safer and more inclusive neighbourhoods",
        "sector": "public safety",
        "status": "in_progress",
        "received_on": "2026-09-21",
        "description": (
            "Xela asks for help to turn its municipal police towards prevention and to bring "
            "indigenous women into neighbourhood councils."
        ),
        "assignments": (
            {
                "id": "gt-xela-policing",
                "title": "Community policing and municipal police",
                "description": (
                    "Our municipal police mostly direct traffic and clear street vendors. We "
                    "want a police leader with community policing experience to help us "
                    "design a prevention programme with the neighbourhood councils and train "
                    "our officers. Spanish is required."
                ),
                "sector": "public safety",
                "required_skills": [
                    "community policing",
                    "crime prevention through environmental design",
                ],
                "preferred_skills": ["police training"],
                "languages": _languages("es:B2"),
                "engagement": "pro_bono",
                "start": "2027-03-08",
                "end": "2027-05-28",
                "mode": "in_country",
                "positions": 1,
                "min_years": 12,
                "status": "published",
                "deadline": "2027-01-29",
            },
            {
                "id": "gt-xela-inclusion",
                "title": "Indigenous women in neighbourhood councils",
                "description": (
                    "K'iche' women run many of our markets but rarely sit on the neighbourhood "
                    "development councils. We want a specialist to work with women's groups "
                    "and the councils on ways to take part, and to look at the municipal "
                    "budget with a gender lens. Fluent Spanish is required; K'iche' would be "
                    "wonderful."
                ),
                "sector": "gender and inclusion",
                "required_skills": ["social inclusion programmes", "gender-responsive budgeting"],
                "preferred_skills": ["indigenous community engagement"],
                "languages": _languages("es:C1"),
                "engagement": "paid",
                "start": "2027-04-05",
                "end": "2027-08-27",
                "mode": "hybrid",
                "positions": 1,
                "min_years": 8,
                "status": "draft",
                "deadline": None,
            },
        ),
    },
)
