"""Generate examples/victims/victims.jsonl: fictitious victims of the Tulpenmarkt case.

Deterministic (seeded); every name, address, e-mail and card ending is invented.
Usage: python3 examples/victims/make_victims.py [N] > examples/victims/victims.jsonl
"""
from __future__ import annotations

import json
import random
import sys

# residence, language, given names, surnames, street, towns (postcode, town)
POOLS = [
    ("DE", "de", ["Anna", "Lukas", "Marie", "Jonas", "Sophie", "Felix", "Hannah", "Paul"],
     ["Becker", "Hoffmann", "Schulz", "Wagner", "Krüger", "Lehmann", "Köhler", "Brandt"], "Lindenstraße",
     [("10115", "Berlin"), ("50667", "Köln"), ("80331", "München")]),
    ("AT", "de", ["Lena", "Tobias", "Katharina", "Florian"], ["Gruber", "Huber", "Pichler", "Moser"], "Hauptstraße",
     [("1010", "Wien"), ("8010", "Graz")]),
    ("FR", "fr", ["Camille", "Louis", "Chloé", "Hugo", "Léa", "Théo", "Manon", "Jules"],
     ["Lefèvre", "Moreau", "Girard", "Fournier", "Mercier", "Rousseau", "Blanc", "Faure"], "rue des Lilas",
     [("75011", "Paris"), ("69003", "Lyon"), ("13006", "Marseille")]),
    ("BE", "fr", ["Elise", "Arnaud", "Noémie", "Maxime"], ["Dubois", "Lambert", "Dupont", "Martens"], "avenue Louise",
     [("1050", "Bruxelles"), ("4000", "Liège")]),
    ("ES", "es", ["Lucía", "Hugo", "Martina", "Pablo", "Sofía", "Álvaro", "Carmen", "Diego"],
     ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres", "Ruiz"], "Calle Mayor",
     [("28013", "Madrid"), ("08001", "Barcelona"), ("41001", "Sevilla")]),
    ("PL", "pl", ["Zofia", "Jakub", "Maja", "Antoni", "Julia", "Szymon", "Łucja", "Wojciech"],
     ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański"], "ul. Długa",
     [("00-238", "Warszawa"), ("31-042", "Kraków"), ("80-831", "Gdańsk")]),
    ("IE", "en", ["Aoife", "Cian", "Niamh", "Oisín", "Siobhán", "Conor"], ["Murphy", "O'Brien", "Byrne", "Walsh", "Ryan", "Doyle"],
     "Main Street", [("D02 X285", "Dublin"), ("T12 K8AF", "Cork")]),
    ("PL", "uk", ["Олена", "Андрій", "Ірина", "Тарас", "Оксана", "Богдан"],
     ["Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник"], "ul. Mokotowska",
     [("00-640", "Warszawa"), ("50-001", "Wrocław")]),
    ("DE", "uk", ["Марія", "Дмитро", "Наталія", "Сергій"], ["Поліщук", "Савченко", "Руденко", "Гончаренко"], "Bergstraße",
     [("04109", "Leipzig"), ("20095", "Hamburg")]),
    ("CZ", "uk", ["Юлія", "Олег", "Світлана"], ["Лисенко", "Марченко", "Кравець"], "Národní",
     [("110 00", "Praha"), ("602 00", "Brno")]),
    ("DE", "en", ["Emily", "James"], ["Carter", "Hughes"], "Schillerstraße", [("60313", "Frankfurt am Main")]),
]
CATEGORIES = ["name", "postal_address", "email", "phone", "date_of_birth", "password", "payment_card", "purchase_history"]
TRANSLIT = str.maketrans({c: "x" for c in "ÄÖÜäöüßÉéèêëàâçîïôûùÁáÍíÓóÚúÑñŁłŚśŻżŹźĆćŃńĘęĄą'"})


def email_local(given: str, surname: str, i: int) -> str:
    if not given.isascii() or not surname.isascii():
        return f"client{i:05d}"
    return f"{given}.{surname}".lower().translate(TRANSLIT).replace(" ", "") + f".{i:04d}"


def victim(i: int, rng: random.Random) -> dict:
    res, lang, givens, surnames, street, towns = POOLS[i % len(POOLS)]
    given, surname = rng.choice(givens), rng.choice(surnames)
    postcode, town = rng.choice(towns)
    cats = ["name", "email"] + rng.sample(CATEGORIES[3:], rng.randint(1, 3))
    affected = []
    for c in cats:
        entry = {"category": c}
        if c == "payment_card":
            entry["detail"] = f"**** {rng.randint(1000, 9999)}"
        elif c == "email":
            entry["detail"] = f"{email_local(given, surname, i)}@mail.example"
        affected.append(entry)
    rec = {
        "id": f"V-{i:05d}",
        "given_names": given,
        "surname": surname,
        "email": f"{email_local(given, surname, i)}@mail.example",
        "address": {"lines": [f"{street} {rng.randint(1, 180)}", f"{postcode} {town}"], "country": res},
        "residence": res,
        "language": lang,
        "customer_reference": f"TM-{rng.randint(100000, 999999)}-{i:05d}",
        "affected_data": affected,
    }
    if i % 4 == 0:
        rec["events_requested"] = True
    return rec


def main(n: int = 240) -> None:
    rng = random.Random(20261123)
    for i in range(1, n + 1):
        sys.stdout.write(json.dumps(victim(i, rng), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 240)
